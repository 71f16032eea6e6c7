using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// #20's acceptance for the phone pages offline, in Debian's Chromium against the demo silo: with the network cut a
/// grid leader blows a whistle with two photos and a responder takes a lamp order from 接单 to 完成 with its 处置后 photo
/// (asked for before 完成 is queued); the pages open from the service worker without a signal; closing and reopening
/// the page keeps the queue; once the signal is back and they are logged in again, each action lands exactly once
/// and every photo is the same bytes.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class OfflineHandheldBrowserTests(DemoSiloFixture f) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    private static PageWaitForSelectorOptions Within => new() { Timeout = (float)Deadline.TotalMilliseconds };

    /// <summary>The service worker controls the page: the shell is on the phone (precached before it activates).</summary>
    private static Task ShellKept(IPage page) =>
        page.WaitForFunctionAsync("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", null,
            new() { Timeout = (float)Deadline.TotalMilliseconds });

    private static Task WaitingIs(IPage page, int count) =>
        page.WaitForSelectorAsync($"[data-testid=outbox-count][data-count='{count}']", new() { State = WaitForSelectorState.Attached, Timeout = (float)Deadline.TotalMilliseconds });

    /// <summary>Closes the page and opens the app again without a signal: a new tab has no session, so the login page, from the phone.</summary>
    private async Task<IPage> ReopenOffline(IPage page, string path, string who)
    {
        var context = page.Context;
        await page.CloseAsync();
        var reopened = Logged(await context.NewPageAsync(), who);
        await reopened.GotoAsync(path);
        await reopened.WaitForURLAsync(u => u.Contains("/login.html"), new() { Timeout = (float)Deadline.TotalMilliseconds });
        await reopened.GetByTestId("login-username").WaitForAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
        return reopened;
    }

    /// <summary>What the pages said (console, errors), shown when the test fails.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private readonly List<(string Who, IPage Page)> _pages = [];

    private IPage Logged(IPage page, string who)
    {
        _pages.Add((who, page));
        page.Console += (_, m) => _log.Enqueue($"{who} console.{m.Type}: {m.Text}");
        page.PageError += (_, e) => _log.Enqueue($"{who} error: {e}");
        page.FrameNavigated += (_, frame) => { if (frame.ParentFrame is null) _log.Enqueue($"{who} at {frame.Url}"); };
        return page;
    }

    [Fact]
    public async Task A_whistle_with_two_photos_and_a_lamp_order_completed_with_its_photo_offline_survive_closing_the_app_and_land_once_when_the_signal_returns()
    {
        try
        {
            await OfflineAndBack();
        }
        catch (Exception e)
        {
            foreach (var (who, page) in _pages.Where(p => !p.Page.IsClosed))
                _log.Enqueue($"{who} shows: " + await page.EvaluateAsync<string>(
                    "async () => document.body.dataset.ready + ' | ' + document.body.innerText.slice(0, 400) + ' | ' + JSON.stringify(await new Promise((done) => { const o = indexedDB.open('griddispatch-handheld'); o.onsuccess = () => { const r = o.result.transaction('work').objectStore('work').getAllKeys(); r.onsuccess = () => done(r.result); }; o.onerror = () => done('no db'); }))"));
            var log = string.Join("\n", _log);
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "offline-handheld-test.log"), log);
            throw new Exception(e.Message + "\n" + log, e);
        }
    }

    [Fact]
    public async Task A_step_queued_offline_on_an_order_reassigned_meanwhile_is_shown_as_refused_until_dismissed()
    {
        try
        {
            await RefusedAfterReassignment();
        }
        catch (Exception e)
        {
            throw new Exception(e.Message + "\n" + string.Join("\n", _log), e);
        }
    }

    private async Task RefusedAfterReassignment()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var cell = info!.CellTree.Where(c => c.Level == CellLevel.Group).Skip(6).First().CellId;
        var blown = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = cell, whistleId = "moved-" + Guid.NewGuid().ToString("N")[..10], category = "road", severity = "minor", text = "改派测试",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var holder = (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null, Deadline, "dispatched"))!.ResponderId!;
        var phone = Logged(await _browser.PageAsync(f.Silo.BaseAddress, 360, 640), "holder");
        await Browser.LoginAsync(phone, holder);
        var card = $"[data-testid=order-card][data-incident-id='{id}']";
        await phone.WaitForSelectorAsync(card, Within);

        // 接单 without a signal, while the command centre gives the order to someone else.
        await phone.Context.SetOfflineAsync(true);
        await phone.Locator(card).GetByTestId("order-ack").ClickAsync();
        await WaitingIs(phone, 1);
        var other = (await admin.GetFromJsonAsync<JsonElement[]>($"/api/incidents/{id}/candidates"))!
            .Select(c => c.GetProperty("responder").GetProperty("id").GetString()!).First(r => r != holder);
        var current = await admin.GetAsync($"/api/incidents/{id}");
        var assign = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/assign") { Content = JsonContent.Create(new { responderId = other, reason = "就近" }) };
        assign.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(current.Headers.ETag!.Tag));
        var assigned = await admin.SendAsync(assign);
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());

        // The signal returns: the queued 接单 is refused, said in words, not retried, and gone once dismissed.
        await phone.Context.SetOfflineAsync(false);
        var refused = await phone.WaitForSelectorAsync("[data-testid=outbox-refused-item][data-kind=acknowledge][data-status='403']", Within);
        Assert.Contains("该工单已改派或撤回", await refused!.InnerTextAsync());
        await WaitingIs(phone, 0);
        Assert.Equal(other, (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.ResponderId);
        await phone.GetByTestId("outbox-dismiss").ClickAsync();
        await phone.WaitForSelectorAsync("[data-testid=outbox-refused-item]", new() { State = WaitForSelectorState.Detached, Timeout = (float)Deadline.TotalMilliseconds });
    }

    private async Task OfflineAndBack()
    {
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var group = info!.CellTree.Where(c => c.Level == CellLevel.Group && c.LeaderId is not null).Skip(3).First();
        var marker = "离线" + Guid.NewGuid().ToString("N")[..8];

        // A work order for a responder, made online by the command centre.
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var blown = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = group.CellId, whistleId = "order-" + marker[2..], category = "lighting", severity = "minor", text = "工单 " + marker,
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var orderId = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var holder = (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(orderId).Get(), i => i?.ResponderId is not null, Deadline, "dispatched"))!.ResponderId!;

        // Both phones online first: logged in, the shell kept, their work kept.
        var leader = Logged(await _browser.PageAsync(f.Silo.BaseAddress, 360, 640), "leader");
        await Browser.LoginAsync(leader, group.LeaderId!);
        await ShellKept(leader);
        var responder = Logged(await _browser.PageAsync(f.Silo.BaseAddress, 360, 640), "responder");
        await Browser.LoginAsync(responder, holder);
        var card = $"[data-testid=order-card][data-incident-id='{orderId}']";
        await responder.WaitForSelectorAsync(card, Within);
        await ShellKept(responder);
        // 我的工单 keeps its work on the phone (body[data-work-kept], the number of orders kept) once it has the hub's snapshot.
        await responder.WaitForSelectorAsync("body[data-work-kept]:not([data-work-kept='0'])", new() { State = WaitForSelectorState.Attached, Timeout = (float)Deadline.TotalMilliseconds });

        // The signal goes. Reloaded, both pages open from the phone: the shell from the service worker, the work from IndexedDB.
        await leader.Context.SetOfflineAsync(true);
        await responder.Context.SetOfflineAsync(true);
        await leader.ReloadAsync();
        await leader.WaitForSelectorAsync("body[data-ready='true']", Within);
        Assert.Contains(group.CellId, await leader.GetByTestId("whistle-cell").Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        await responder.ReloadAsync();
        await responder.WaitForSelectorAsync(card, Within);

        // 吹哨 with two photos taken one after the other, offline.
        var pngs = await leader.EvaluateAsync<string[]>("""
            () => ['#ffb020', '#20b0ff'].map(colour => { const c = document.createElement('canvas'); c.width = 64; c.height = 48; const g = c.getContext('2d');
                    g.fillStyle = colour; g.fillRect(0, 0, 64, 48); g.fillStyle = '#0b1526'; g.fillRect(8, 8, 20, 30); return c.toDataURL('image/png'); })
            """);
        FilePayload Png(string name, string dataUrl) => new() { Name = name, MimeType = "image/png", Buffer = Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]) };
        await leader.GetByTestId("whistle-cell").SelectOptionAsync(group.CellId);
        await leader.GetByTestId("whistle-category").SelectOptionAsync("lighting");
        await leader.GetByTestId("whistle-text").FillAsync(marker + " 村口路灯杆倾斜");
        await leader.GetByTestId("whistle-photo").SetInputFilesAsync(Png("scene.png", pngs[0]));
        await leader.WaitForSelectorAsync("[data-testid=whistle-photos][data-count='1']", Within);
        await leader.GetByTestId("whistle-photo").SetInputFilesAsync(Png("pole.png", pngs[1]));
        await leader.WaitForSelectorAsync("[data-testid=whistle-photos][data-count='2']", Within);
        var sentPhotos = await leader.Locator("[data-testid=whistle-photo-thumb]").EvaluateAllAsync<string[]>("imgs => imgs.map(i => i.src)");
        Assert.All(sentPhotos, p => Assert.StartsWith("data:image/jpeg", p, StringComparison.Ordinal));
        await leader.GetByTestId("whistle-submit").ClickAsync();
        var queued = await leader.WaitForSelectorAsync("[data-testid=whistle-result][data-queued='true']", Within);
        var whistleId = (await queued!.GetAttributeAsync("data-whistle-id"))!;
        await WaitingIs(leader, 1);

        // 接单, 到场, 完成 with a note, offline: the card moves on, marked 待发送. A lamp order's 完成 asks for its 处置后 photo first.
        await responder.Locator(card).GetByTestId("order-ack").ClickAsync();
        await responder.Locator(card).GetByTestId("order-arrive").ClickAsync();
        await responder.Locator(card).GetByTestId("order-note").FillAsync("灯杆已扶正加固");
        await responder.Locator(card).GetByTestId("order-resolve").ClickAsync();
        await responder.Locator(card).GetByTestId("order-resolve").ClickAsync();
        await responder.WaitForSelectorAsync($"{card} .order-error:has-text('处置后照片')", Within);
        await responder.Locator(card).GetByTestId("order-photo-after").SetInputFilesAsync(Png("after.png", pngs[1]));
        var afterThumb = await responder.WaitForSelectorAsync($"{card} [data-testid=order-photo-after-thumb][src^='data:image/jpeg']", Within);
        var sentAfter = (await afterThumb!.GetAttributeAsync("src"))!;
        await responder.Locator(card).GetByTestId("order-resolve").ClickAsync();
        await responder.Locator(card).GetByTestId("order-resolve").ClickAsync();
        await responder.WaitForSelectorAsync($"{card}[data-status='Resolved'] [data-testid=order-pending]", Within);
        await WaitingIs(responder, 3);

        // Closed and reopened without a signal: the login page opens from the phone; nothing reached the server.
        var whistleIncident = IncidentIds.For("yimen", IncidentSource.Whistle, whistleId);
        leader = await ReopenOffline(leader, "/handheld/whistle.html", "leader again");
        responder = await ReopenOffline(responder, "/handheld/orders.html", "responder again");
        Assert.Null(await f.Grains.GetGrain<IIncidentGrain>(whistleIncident).Get());
        Assert.Equal(IncidentStatus.Dispatched, (await f.Grains.GetGrain<IIncidentGrain>(orderId).Get())!.Status);

        // The signal returns; logged in again, each page sends its queue.
        await leader.Context.SetOfflineAsync(false);
        await responder.Context.SetOfflineAsync(false);
        await Browser.LoginAsync(leader, group.LeaderId!);
        await Browser.LoginAsync(responder, holder);
        await WaitingIs(leader, 0);
        await WaitingIs(responder, 0);

        var whistle = (await f.Grains.GetGrain<IIncidentGrain>(whistleIncident).Get())!;
        Assert.Equal(marker + " 村口路灯杆倾斜", whistle.Report.Text);
        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen&limit=1000");
        Assert.Single(listed!, i => i.GetProperty("title").GetString()!.Contains(marker + " 村口", StringComparison.Ordinal));
        static byte[] Bytes(string dataUrl) => Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
        var whistlePhotos = (await f.Grains.GetGrain<IIncidentPhotoGrain>(whistleIncident).List()).Select(p => p.Index).ToList();
        Assert.Equal(2, whistlePhotos.Count);
        for (var i = 0; i < 2; i++)
            Assert.Equal(Bytes(sentPhotos[i]), await admin.GetByteArrayAsync($"/api/incidents/{whistleIncident}/photos/{whistlePhotos[i]}"));

        var order = (await f.Grains.GetGrain<IIncidentGrain>(orderId).Get())!;
        Assert.Equal(IncidentStatus.Resolved, order.Status);
        foreach (var kind in new[] { TimelineKind.Acknowledged, TimelineKind.Arrived, TimelineKind.Resolved })
            Assert.Single(order.Timeline, t => t.Kind == kind && t.By == holder);
        Assert.Equal("灯杆已扶正加固", order.Timeline.Single(t => t.Kind == TimelineKind.Resolved).Text);
        var orderPhotos = await f.Grains.GetGrain<IIncidentPhotoGrain>(orderId).List();
        var afterPhoto = Assert.Single(orderPhotos, p => p.Kind == PhotoKind.After);
        Assert.Equal(holder, afterPhoto.By);
        Assert.Equal(Bytes(sentAfter), (await f.Grains.GetGrain<IIncidentPhotoGrain>(orderId).Get(afterPhoto.Index))!.Bytes);
    }
}
