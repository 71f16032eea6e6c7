using System.Text.RegularExpressions;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// Names, not ids (issue #16, item 10), and the lamp team's phone: a lamp appears as road and pole number on the
/// map, in the alarm feed and on the work order; a department by its name; the work order's 导航 offers 高德 and
/// 百度 with the plain coordinates in thumb-sized targets, and 完成 asks once more. One faulty lamp serves it all.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    private const string NamedLamp = "yimen-L0655";

    /// <summary>What an operator must never have to read: a lamp id (yimen-L0260) or a department id (yimen-water).</summary>
    private static readonly Regex Ids = new(@"\b[a-z]+-L\d{4}\b|\b[a-z]+-(power|housing|water|police|emergency)\b", RegexOptions.CultureInvariant);

    [Fact]
    public async Task A_faulty_lamp_is_named_by_road_and_pole_on_the_screen_and_the_phone_whose_order_navigates_and_asks_before_completing()
    {
        var lamp = (await f.Grains.GetGrain<IStreetlightGrain>(NamedLamp).GetSnapshot())!;
        Assert.Matches(@"^\D+\d+号杆$", lamp.Name);

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var pub = await Mosquitto.PubAsync("-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", NamedLamp, "-P", "demo", "-i", NamedLamp, "-q", "1",
            "-t", $"gd/yimen/lamp/{NamedLamp}/telemetry", "-m", $$"""{"ts":{{ts}},"on":true,"voltage":221,"current":0,"faults":["LAMP_FAILURE"]}""");
        Assert.Equal(0, pub.ExitCode);

        // the alarm feed: the lamp's road and pole number (its row, or its work order's row when batched with a neighbour's)
        await Assertions.Expect(screen.GetByTestId("alarm-feed")).ToContainTextAsync(lamp.Name!, new() { Timeout = 15_000 });
        // the map's hover box
        await MapCanvas.HoverLampAsync(screen, NamedLamp);
        var tooltip = screen.Locator(".map-tooltip");
        await Assertions.Expect(tooltip).ToBeVisibleAsync();
        Assert.StartsWith(lamp.Name!, await tooltip.InnerTextAsync());
        // 处置力量: a duty officer's department by name
        Assert.Contains("益门镇水务站", await screen.Locator("[data-testid=responder-row] .r-kind").AllInnerTextsAsync());
        // and nowhere on the screen a lamp's or a department's id
        var text = await screen.EvaluateAsync<string>("() => document.body.innerText");
        Assert.False(Ids.IsMatch(text), $"an id on the screen: {Ids.Match(text).Value}");

        // the work order that holds the lamp, and the responder it went to
        var order = await Eventually.Holds(() => OpenIncidentHolding(NamedLamp), i => i?.ResponderId is not null, TimeSpan.FromSeconds(30), $"{NamedLamp}'s work order dispatched");
        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 360, 640);
        await Browser.LoginAsync(phone, order!.ResponderId!);
        var card = phone.Locator($"[data-testid=order-card][data-incident-id='{order.Id}']");
        await Assertions.Expect(card.GetByTestId("order-lamps")).ToContainTextAsync(lamp.Name!, new() { Timeout = 15_000 });
        Assert.False(Ids.IsMatch(await card.InnerTextAsync()), await card.InnerTextAsync());
        await Browser.ScreenshotAsync(phone, "phone-orders-360x640");

        // 导航: the phone's own map app (a geo: URI, offline maps too), 高德 and 百度 by their URIs with the lamp's coordinates,
        // the coordinates in plain text too, each link a ≥ 44 px target
        var links = card.GetByTestId("order-nav");
        Assert.Equal(3, await links.CountAsync());
        var hrefs = await links.EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        Assert.StartsWith("geo:", hrefs[0]);
        Assert.StartsWith("https://uri.amap.com/marker?position=", hrefs[1]);
        Assert.StartsWith("https://api.map.baidu.com/marker?location=", hrefs[2]);
        Assert.All(hrefs, h => Assert.Contains(order.Report.Lat!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), h));
        Assert.Contains($"{order.Report.Lat:F5}, {order.Report.Lon:F5}", await card.Locator(".order-coords").InnerTextAsync());
        for (var i = 0; i < 3; i++)
        {
            var box = (await links.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.Height >= 44 && box.Width >= 44, $"导航 target {box.Width}×{box.Height} px");
        }

        // 接单, 到场, then 完成 asks once more: cancelling keeps the job open, the second tap closes it
        await card.GetByTestId("order-ack").ClickAsync();
        await card.GetByTestId("order-arrive").ClickAsync(new() { Timeout = 15_000 });
        var done = card.GetByTestId("order-resolve");
        await done.ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(done).ToHaveTextAsync("确认完成？再点一次");
        await card.GetByTestId("order-resolve-cancel").ClickAsync();
        await Assertions.Expect(done).ToHaveTextAsync("完成");
        Assert.Equal(IncidentStatus.OnSite, (await f.Grains.GetGrain<IIncidentGrain>(order.Id).Get())!.Status);
        // a lamp order's 完成 needs its 处置后 photo (a 1×1 PNG here)
        await card.GetByTestId("order-photo-after").SetInputFilesAsync(new FilePayload { Name = "after.png", MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==") });
        await card.GetByTestId("order-photo-after-thumb").WaitForAsync(new() { Timeout = 10_000 });
        await done.ClickAsync();
        await done.ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Resolved", new() { Timeout = 15_000 });
    }

    private async Task<IncidentSnapshot?> OpenIncidentHolding(string lampId)
    {
        foreach (var item in await f.Grains.GetGrain<IIncidentIndexGrain>("yimen").List(null, 500))
            if (item.Status.IsOpen() && await f.Grains.GetGrain<IIncidentGrain>(item.Id).Get() is { } incident && incident.Lamps.Contains(lampId))
                return incident;
        return null;
    }
}
