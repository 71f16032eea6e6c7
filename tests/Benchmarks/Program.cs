using GridDispatch.Benchmarks;
using GridDispatch.Tests.Infrastructure;

// Usage: dotnet run -c Release --project tests/Benchmarks -- foundation [grains] [writers] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- domain [lamps] [rounds]
//        dotnet run -c Release --project tests/Benchmarks -- gateway [lamps] [seconds] [connections]
//        dotnet run -c Release --project tests/Benchmarks -- ingestion [lamps] [seconds] [connections]   (printed only)
//        dotnet run -c Release --project tests/Benchmarks -- fanout [seconds]      (#22 goal 3: bare brokers, QoS 0 fan-out, socket backlogs)
//        dotnet run -c Release --project tests/Benchmarks -- dashboard [lamps] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- concentrator [lamps]   (#22 goal 6: one connection's storm of LEAKAGE against 16 connections')
//        dotnet run -c Release --project tests/Benchmarks -- e2e [lamps] [minutes]
//        dotnet run -c Release --project tests/Benchmarks -- e2e-memory [lamps] [minutes] [lever,lever,…]   (the first lever is the baseline; "lever+restart" runs the load on a silo restarted on its database after the import)
//        dotnet run -c Release --project tests/Benchmarks -- province [lamps] [minutes] [levers: shipped,server-datas-off,…; each restarts on its own copy of the import]
//        dotnet run -c Release --project tests/Benchmarks -- dispatch [lamps] [minutes] [levers]   (#22 goal 4: whistle → work order, quiet then loaded; a fresh silo per GC lever of e2e-memory, shipped first)
//        dotnet run -c Release --project tests/Benchmarks -- cluster [lamps] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- overload [lamps] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- external [lamps] [seconds] [connections]   (GD_BENCH_PERF=1: perf of the gateway; GD_BENCH_SESSIONS=1,4: telemetry sessions, one cluster each)
//        dotnet run -c Release --project tests/Benchmarks -- soak [minutes]
//        dotnet run -c Release --project tests/Benchmarks -- timeseries [points] [callers]
//        dotnet run -c Release --project tests/Benchmarks -- history [lamps] [incidents]
//        dotnet run -c Release --project tests/Benchmarks -- reports [lamps] [incidents]
//        dotnet run -c Release --project tests/Benchmarks -- group-command [lamps]
// Results go to stdout and into docs/BENCHMARKS.md.
var command = args.FirstOrDefault() ?? "foundation";
int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var value) ? value : fallback;

// Runs one benchmark, prints its table and records it, with the command that made it, in its section of docs/BENCHMARKS.md.
// levers: the GC settings compared, given after the numbers on the command line (none: the benchmark's own default)
async Task<int> Record(string section, int[] values, Func<Task<string>> run, IReadOnlyList<string>? levers = null)
{
    var body = await run();
    Console.WriteLine(body);
    BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), section,
        $"dotnet run -c Release --project tests/Benchmarks -- {section} {string.Join(' ', values)}{(levers is null ? "" : " " + string.Join(',', levers))}", body);
    return 0;
}

switch (command)
{
    case "foundation":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 10_000), Arg(3, 10)];
        return await Record(command, a, () => new FoundationBenchmark(a[0], a[1], TimeSpan.FromSeconds(a[2])).RunAsync());
    }
    case "domain":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 5)];
        return await Record(command, a, () => new DomainBenchmark(a[0], a[1]).RunAsync());
    }
    case "gateway":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 10), Arg(3, 64)];
        return await Record(command, a, () => new GatewayBenchmark(a[0], TimeSpan.FromSeconds(a[1]), a[2]).RunAsync());
    }
    case "embedded-broker-alone":
    {
        // fanout's embedded broker, in a process of its own as mosquitto is: port, send buffer (-1: as shipped).
        // Prints "ready", serves until its standard input closes, then prints "dropped N" (its client queues' drops).
        await using var broker = await EmbeddedBrokerAlone.StartAsync(Arg(1, 1883), Arg(2, -1) is var bytes and >= 0 ? bytes : null);
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        Console.WriteLine($"dropped {broker.Dropped}");
        return 0;
    }
    case "fanout":
    {
        int[] a = [Arg(1, 15)];
        return await Record(command, a, () => new FanoutBenchmark(TimeSpan.FromSeconds(a[0])).RunAsync());
    }
    case "dashboard":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 60)];
        return await Record(command, a, () => new DashboardBenchmark(a[0], TimeSpan.FromSeconds(a[1])).RunAsync());
    }
    case "concentrator":
    {
        int[] a = [Arg(1, 1_000)];
        return await Record(command, a, () => new ConcentratorBenchmark(a[0]).RunAsync());
    }
    case "e2e":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 5)];
        return await Record(command, a, () => new EndToEndBenchmark(a[0], TimeSpan.FromMinutes(a[1])).RunAsync());
    }
    case "e2e-history":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 2)];
        return await Record(command, a, () => new EndToEndBenchmark(a[0], TimeSpan.FromMinutes(a[1])).HistoryCostAsync());
    }
    case "e2e-memory":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 1)];
        string[] levers = args.Length > 3 ? args[3].Split(',') : ["shipped", "datas", "gen0-16m"];
        return await Record(command, a, () => new EndToEndBenchmark(a[0], TimeSpan.FromMinutes(a[1])).MemoryLeversAsync(levers), levers);
    }
    case "dispatch":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 2)];
        string[] levers = args.Length > 3 ? args[3].Split(',') : ["shipped"];
        return await Record(command, a, () => new EndToEndBenchmark(a[0], TimeSpan.FromMinutes(a[1])).DispatchAsync(levers), args.Length > 3 ? levers : null);
    }
    case "province":
    {
        int[] a = [Arg(1, 2_000_000), Arg(2, 10)];
        string[] levers = args.Length > 3 ? args[3].Split(',') : ["shipped"];
        return await Record(command, a, () => new EndToEndBenchmark(a[0], TimeSpan.FromMinutes(a[1])).ProvinceAsync(levers), args.Length > 3 ? levers : null);
    }
    case "cluster":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 30)];
        return await Record(command, a, () => new ClusterBenchmark(a[0], TimeSpan.FromSeconds(a[1])).RunAsync());
    }
    case "overload":
    {
        int[] a = [Arg(1, 20_000), Arg(2, 60)];
        return await Record(command, a, () => new OverloadBenchmark(a[0], TimeSpan.FromSeconds(a[1])).RunAsync());
    }
    case "external":
    {
        int[] a = [Arg(1, 20_000), Arg(2, 15), Arg(3, 32)];
        return await Record(command, a, () => new ExternalBrokerBenchmark(a[0], TimeSpan.FromSeconds(a[1]), a[2]).RunAsync());
    }
    case "soak":
    {
        int[] a = [Arg(1, 30)];
        return await Record(command, a, () => new SoakBenchmark(TimeSpan.FromMinutes(a[0])).RunAsync());
    }
    case "timeseries":
    {
        int[] a = [Arg(1, 500_000), Arg(2, 4)];
        return await Record(command, a, () => new TimeSeriesBenchmark(a[0], a[1]).RunAsync());
    }
    case "history":
    {
        int[] a = [Arg(1, 100_000), Arg(2, 2_000)];
        return await Record(command, a, () => new HistoryBenchmark(a[0], a[1]).RunAsync());
    }
    case "reports":
    {
        int[] a = [Arg(1, 50_000), Arg(2, 20_000)];
        return await Record(command, a, () => new ReportBenchmark(a[0], a[1]).RunAsync());
    }
    case "group-command":
    {
        int[] a = [Arg(1, 100_000)];
        return await Record(command, a, () => new GroupCommandBenchmark(a[0]).RunAsync());
    }
    case "ingestion":
    {
        // Only the ingestion rows of "gateway", printed, not recorded: for trying a change quickly.
        var bench = new GatewayBenchmark(Arg(1, 100_000), TimeSpan.FromSeconds(Arg(2, 10)), Arg(3, 64));
        Console.WriteLine(await bench.RunIngestionOnlyAsync());
        return 0;
    }
    default:
        Console.Error.WriteLine($"unknown benchmark '{command}'; known: foundation, domain, gateway, ingestion, fanout, dashboard, concentrator, e2e, e2e-memory, dispatch, province, cluster, overload, external, soak, timeseries, history, e2e-history, reports, group-command");
        return 2;
}
