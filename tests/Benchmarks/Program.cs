using GridDispatch.Benchmarks;
using GridDispatch.Tests.Infrastructure;

// Usage: dotnet run -c Release --project tests/Benchmarks -- foundation [grains] [writers] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- domain [lamps] [rounds]
//        dotnet run -c Release --project tests/Benchmarks -- gateway [lamps] [seconds] [connections]
//        dotnet run -c Release --project tests/Benchmarks -- ingestion [lamps] [seconds] [connections]   (printed only)
//        dotnet run -c Release --project tests/Benchmarks -- dashboard [lamps] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- e2e [lamps] [minutes]
//        dotnet run -c Release --project tests/Benchmarks -- cluster [lamps] [seconds]
//        dotnet run -c Release --project tests/Benchmarks -- soak [minutes]
// Results go to stdout and into docs/BENCHMARKS.md.
var command = args.FirstOrDefault() ?? "foundation";
int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var value) ? value : fallback;

switch (command)
{
    case "foundation":
    {
        var grains = Arg(1, 100_000);
        var writers = Arg(2, 10_000);
        var seconds = Arg(3, 10);
        var body = await new FoundationBenchmark(grains, writers, TimeSpan.FromSeconds(seconds)).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "foundation",
            $"dotnet run -c Release --project tests/Benchmarks -- foundation {grains} {writers} {seconds}", body);
        return 0;
    }
    case "domain":
    {
        var lamps = Arg(1, 100_000);
        var rounds = Arg(2, 5);
        var body = await new DomainBenchmark(lamps, rounds).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "domain",
            $"dotnet run -c Release --project tests/Benchmarks -- domain {lamps} {rounds}", body);
        return 0;
    }
    case "gateway":
    {
        var lamps = Arg(1, 100_000);
        var seconds = Arg(2, 10);
        var connections = Arg(3, 64);
        var body = await new GatewayBenchmark(lamps, TimeSpan.FromSeconds(seconds), connections).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "gateway",
            $"dotnet run -c Release --project tests/Benchmarks -- gateway {lamps} {seconds} {connections}", body);
        return 0;
    }
    case "dashboard":
    {
        var lamps = Arg(1, 100_000);
        var seconds = Arg(2, 60);
        var body = await new DashboardBenchmark(lamps, TimeSpan.FromSeconds(seconds)).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "dashboard",
            $"dotnet run -c Release --project tests/Benchmarks -- dashboard {lamps} {seconds}", body);
        return 0;
    }
    case "cluster":
    {
        var lamps = Arg(1, 100_000);
        var seconds = Arg(2, 30);
        var body = await new ClusterBenchmark(lamps, TimeSpan.FromSeconds(seconds)).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "cluster",
            $"dotnet run -c Release --project tests/Benchmarks -- cluster {lamps} {seconds}", body);
        return 0;
    }
    case "soak":
    {
        var minutes = Arg(1, 30);
        var body = await new SoakBenchmark(TimeSpan.FromMinutes(minutes)).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "soak",
            $"dotnet run -c Release --project tests/Benchmarks -- soak {minutes}", body);
        return 0;
    }
    case "e2e":
    {
        var lamps = Arg(1, 100_000);
        var minutes = Arg(2, 5);
        var body = await new EndToEndBenchmark(lamps, TimeSpan.FromMinutes(minutes)).RunAsync();
        Console.WriteLine(body);
        BenchmarkReport.WriteSection(Path.Combine(RepositoryPaths.Root, "docs", "BENCHMARKS.md"), "e2e",
            $"dotnet run -c Release --project tests/Benchmarks -- e2e {lamps} {minutes}", body);
        return 0;
    }
    case "ingestion":
    {
        // Only the ingestion rows of "gateway", printed, not recorded: for trying a change quickly.
        var bench = new GatewayBenchmark(Arg(1, 100_000), TimeSpan.FromSeconds(Arg(2, 10)), Arg(3, 64));
        Console.WriteLine(await bench.RunIngestionOnlyAsync());
        return 0;
    }
    default:
        Console.Error.WriteLine($"unknown benchmark '{command}'; known: foundation, domain, gateway, ingestion, dashboard, e2e");
        return 2;
}
