using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Reminders;

public sealed class SqliteReminderTableTests(ITestOutputHelper output) : ReminderTableConformance(output)
{
    protected override TestSilos CreateSilos() => TestSilos.Embedded(DatabasePath, Output);
}
