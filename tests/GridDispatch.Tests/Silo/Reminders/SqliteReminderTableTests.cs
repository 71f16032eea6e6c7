using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Reminders;

public sealed class SqliteReminderTableTests(ITestOutputHelper output) : ReminderTableConformance(output)
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("sqlite-reminders");

    protected override TestSilos CreateSilos() => TestSilos.Embedded(Path.Combine(_folder, "reminders.db"), Output);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
