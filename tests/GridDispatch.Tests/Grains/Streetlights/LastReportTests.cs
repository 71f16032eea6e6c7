using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>A lamp's last report is overwritten in place (#22 goal 5), and a state saved when it was a <see cref="LampTelemetry"/> still reads.</summary>
public sealed class LastReportTests
{
    private static readonly LampTelemetry Report = new()
    {
        Timestamp = new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), On = true, Brightness = 70, Voltage = 221.5, Current = 0.41,
        Power = 88, EnergyWh = 1234.5, Lux = 3, Battery = null, Temperature = 12.5, Tilt = 0.8, LeakageMa = 1.5,
        DeviceFaults = FaultSet.Of(FaultCode.LAMP_FAILURE),
    };

    [Fact]
    public void A_state_saved_with_the_report_as_received_reads_back_every_field()
    {
        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(LampTelemetry).Assembly)).BuildServiceProvider()
            .GetRequiredService<Serializer>();

        // Both are sealed: in a saved state the field carries no type name, only its fields by id.
        var read = serializer.Deserialize<LastReport>(serializer.SerializeToArray(Report));

        Assert.NotNull(read);
        Assert.Equal(Report, read.ToTelemetry());
        Assert.Equal(Report, serializer.Deserialize<LampTelemetry>(serializer.SerializeToArray(read)));
    }

    [Fact]
    public void The_next_report_overwrites_the_last_and_what_was_read_before_does_not_change()
    {
        var last = new LastReport();
        last.Take(Report);
        var before = last.ToTelemetry();
        var next = Report with { Timestamp = Report.Timestamp.AddSeconds(10), On = false, Brightness = null, LeakageMa = null };

        last.Take(next);

        Assert.Equal(Report, before);
        Assert.True(last.Is(next));
        Assert.False(last.Is(Report));
        Assert.Null(last.Brightness);
        Assert.False(last.On);
    }
}
