using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The screen tells the truth, as a user sees it in Chromium: 亮灯率 only against the lamps due to be lit now
/// (a township placed where it is noon, and one where it is midnight, whatever the clock of the test machine says),
/// and every incident's 受理编号 from the phone's receipt to the board and the search.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class ScreenTruthBrowserTests(DemoSiloFixture f) : IAsyncLifetime
{
    private static readonly string Example = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "examples", "small-township.json"));
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    /// <summary>The example township under another id, on the equator at the longitude where the sun stands at <paramref name="solarHour"/> now.</summary>
    private static async Task ImportAt(HttpClient county, string id, double solarHour)
    {
        var utc = DateTimeOffset.UtcNow;
        var lon = ((solarHour - utc.TimeOfDay.TotalHours) * 15 % 360 + 540) % 360 - 180;
        var file = Regex.Replace(Example.Replace("qingshan", id), "\"centre\": \\{[^}]*\\}", $"\"centre\": {{ \"lat\": 0, \"lon\": {lon.ToString("F3", CultureInfo.InvariantCulture)} }}")
            .Replace("\"county\": \"huili\"", "\"county\": \"sun-test\"");
        using var response = await county.PutAsync($"/api/townships/{id}/topology", new StringContent(file, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task Report(string township, int lamp, bool on)
    {
        var id = $"{township}-L{lamp:D4}";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var pub = await Mosquitto.PubAsync("-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", id, "-P", "demo", "-i", id, "-q", "1",
            "-t", $"gd/{township}/lamp/{id}/telemetry", "-m", $$"""{"ts":{{ts}},"on":{{(on ? "true" : "false")}},"voltage":221,"current":{{(on ? "0.4" : "0")}}}""");
        Assert.Equal(0, pub.ExitCode);
    }

    [Fact]
    public async Task By_day_the_lit_rate_tile_is_not_an_alarm_and_at_night_it_counts_only_the_lamps_due()
    {
        using var county = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        await ImportAt(county, "noontown", 12);
        await ImportAt(county, "midnighttown", 0);
        for (var lamp = 1; lamp <= 3; lamp++)
        {
            await Report("noontown", lamp, on: false);
            await Report("midnighttown", lamp, on: lamp != 3);
        }

        // The figures, from the API: by day no rate at all, at night lit against 应亮灯.
        var day = await Eventually.Holds(() => county.GetFromJsonAsync<JsonElement>("/api/townships/noontown/summary"),
            // all three reports taken: before any is, no lamp is offline either
            s => s.GetProperty("figures").GetProperty("lampsOffline").GetInt32() == 0 && s.GetProperty("lighting").GetProperty("lampsOffAsPlanned").GetInt32() >= 3,
            what: "noontown's 3 lamps reporting");
        Assert.False(day.GetProperty("lighting").GetProperty("due").GetBoolean());
        Assert.Equal(JsonValueKind.Null, day.GetProperty("lighting").GetProperty("rate").ValueKind);
        Assert.Equal(3, day.GetProperty("lighting").GetProperty("lampsOffAsPlanned").GetInt32());
        var night = await Eventually.Holds(() => county.GetFromJsonAsync<JsonElement>("/api/townships/midnighttown/summary"),
            s => s.GetProperty("figures").GetProperty("lampsLit").GetInt32() == 2, what: "midnighttown's 2 lit lamps");
        Assert.True(night.GetProperty("lighting").GetProperty("due").GetBoolean());
        Assert.Equal(3, night.GetProperty("lighting").GetProperty("lampsDue").GetInt32());
        Assert.Equal(2.0 / 3, night.GetProperty("lighting").GetProperty("rate").GetDouble(), 6);

        // The screen, as the county's officer opens it.
        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "admin");
        await screen.GotoAsync(new Uri(f.Silo.BaseAddress, "/?scope=noontown").ToString());
        var tile = screen.Locator("[data-kpi=lit-rate]");
        await Assertions.Expect(tile).ToContainTextAsync("白天按计划关灯 3 盏", new() { Timeout = 15_000 });
        Assert.NotEqual("bad", await tile.GetAttributeAsync("data-tone"));
        Assert.DoesNotContain("%", await screen.GetByTestId("kpi-lit-rate").InnerTextAsync());

        await screen.GotoAsync(new Uri(f.Silo.BaseAddress, "/?scope=midnighttown").ToString());
        await Assertions.Expect(tile).ToContainTextAsync("应亮灯 3", new() { Timeout = 15_000 });
        Assert.Equal("66.7%", (await screen.GetByTestId("kpi-lit-rate").InnerTextAsync()).Trim());
        Assert.Equal("bad", await tile.GetAttributeAsync("data-tone")); // one lamp of three dark at night is an alarm
    }

    [Fact]
    public async Task A_whistle_shows_its_receipt_number_on_the_phone_on_the_board_and_in_the_search()
    {
        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var group = info!.CellTree.Last(c => c.Level == CellLevel.Group && c.LeaderId is not null);
        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 360, 640);
        await Browser.LoginAsync(phone, group.LeaderId!);
        await phone.GetByTestId("whistle-cell").SelectOptionAsync(group.CellId);
        await phone.GetByTestId("whistle-category").SelectOptionAsync("road");
        await phone.GetByTestId("whistle-text").FillAsync("桥头护栏松动");
        await phone.GetByTestId("whistle-submit").ClickAsync();
        var result = await phone.WaitForSelectorAsync("[data-testid=whistle-result][data-incident-id]", new() { Timeout = 15_000 });
        var incidentId = await result!.GetAttributeAsync("data-incident-id");

        var number = (await phone.GetByTestId("whistle-number").InnerTextAsync()).Trim();
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("MMdd");
        Assert.Matches($"^益门-{today}-\\d{{4}}$", number);

        await screen.WaitForSelectorAsync($"[data-testid=incident-card][data-incident-id='{incidentId}'][data-number='{number}']", new() { Timeout = 15_000 });
        Assert.Contains(number, await screen.Locator($"[data-testid=incident-card][data-incident-id='{incidentId}']").InnerTextAsync());

        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var found = await http.GetFromJsonAsync<JsonElement>($"/api/incidents?township=yimen&number={Uri.EscapeDataString(number.Replace("-", " - "))}");
        Assert.Equal([incidentId], found.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }
}
