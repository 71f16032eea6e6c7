using Spectre.Console;

namespace GridDispatch.Simulators;

/// <summary>
/// What a running simulation is doing, for the person who started it: a live table on a terminal,
/// a plain line every so often (ten seconds by default) when the output is a file or a pipe (a log, a test).
/// </summary>
public static class LifeStatus
{
    public static async Task ShowAsync(TownshipLife life, Task running, TimeSpan lineEvery, CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected)
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(lineEvery, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
                Console.WriteLine(Line(life));
                if (cancellationToken.IsCancellationRequested) break;
            }

            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(life.Township.Name)}[/]")
            .AddColumn("") .AddColumn(new TableColumn("now").RightAligned()).AddColumn(new TableColumn("since start").RightAligned());
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!running.IsCompleted && !cancellationToken.IsCancellationRequested)
            {
                Fill(table, life);
                context.Refresh();
                await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
    }

    private static void Fill(Table table, TownshipLife life)
    {
        table.Rows.Clear();
        var lamps = life.Fleet.Lamps;
        if (lamps.Count > 0)
        {
            table.AddRow("路灯 lamps connected", $"{lamps.Count(l => l.IsConnected):N0} / {lamps.Count:N0}", "");
            table.AddRow("路灯 faulty now", $"{lamps.Count(l => l.Fault is not null):N0}", "");
            table.AddRow("telemetry reports", "", $"{lamps.Sum(l => l.Reports):N0}");
            table.AddRow("commands obeyed", "", $"{lamps.Sum(l => l.Commands):N0}");
        }

        if (life.Whistles is { } whistles) table.AddRow("吹哨 whistles accepted / refused", "", $"{whistles.Blown:N0} / {whistles.Refused:N0}");
        var responders = life.Responders;
        if (responders.Count > 0)
        {
            table.AddRow("工单 offers heard / declined", "", $"{responders.Sum(r => r.Offered):N0} / {responders.Sum(r => r.Declined):N0}");
            table.AddRow("接单 / 完成", "", $"{responders.Sum(r => r.Acknowledged):N0} / {responders.Sum(r => r.Resolved):N0}");
        }
    }

    public static string Line(TownshipLife life)
    {
        var lamps = life.Fleet.Lamps;
        var parts = new List<string>();
        if (lamps.Count > 0)
            parts.Add($"lamps {lamps.Count(l => l.IsConnected)}/{lamps.Count} connected, {lamps.Count(l => l.Fault is not null)} faulty, {lamps.Sum(l => l.Reports)} reports, {lamps.Sum(l => l.Commands)} commands");
        if (life.Whistles is { } whistles) parts.Add($"whistles {whistles.Blown} accepted, {whistles.Refused} refused");
        if (life.Responders is { Count: > 0 } responders)
            parts.Add($"work orders {responders.Sum(r => r.Offered)} offered, {responders.Sum(r => r.Declined)} declined, {responders.Sum(r => r.Acknowledged)} acknowledged, {responders.Sum(r => r.Resolved)} resolved");
        return $"{DateTime.Now:HH:mm:ss} {string.Join("; ", parts)}";
    }
}
