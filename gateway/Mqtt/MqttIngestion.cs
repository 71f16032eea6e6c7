using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Common;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Gateway.TimeSeries;
using GridDispatch.Gateway.Whistles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

public enum IngestOutcome
{
    /// <summary>The grain accepted it (and saved what had to be saved): acknowledge.</summary>
    Accepted,
    /// <summary>Refused for what it is (malformed, not allowed, impossible): counted, dropped, the connection stays.</summary>
    Dropped,
    /// <summary>Not ours to ingest (a platform-to-device topic, or outside <c>gd/</c>): let the broker route it.</summary>
    PassThrough,
}

/// <summary>
/// From a device's publish to a grain: parse the topic, check the publisher may use it, parse and
/// validate the payload, call the grain and report whether it accepted. Shared by every broker mode.
/// Grain failures are not caught here: the broker must then not acknowledge, so the device re-sends.
/// The time series and its lamp tags are registered only when a time series is configured; without
/// them, the container passes null.
/// </summary>
public sealed class MqttIngestion(
    IGrainFactory grains, WhistleIntake whistles, IngestionDrops drops, IOptions<MqttOptions> options, TimeProvider time,
    ITimeSeriesWriter? series = null, LampTags? tags = null)
{
    private readonly ITimeSeriesWriter? _series = series;
    private readonly LampTags? _tags = tags;
    private readonly Func<string, IStreetlightGrain> _lamps = GrainReferences.Factory<IStreetlightGrain>(grains);
    private ITelemetryIntakeGrain? _intake;

    public async Task<IngestOutcome> IngestAsync(MqttIdentity? publisher, string topic, ReadOnlySequence<byte> payload)
    {
        var source = MqttIdentity.SourceOf(publisher);
        if (!MqttTopic.TryParse(topic, out var parsed))
            return topic.StartsWith("gd/", StringComparison.Ordinal) ? Drop("topic", source, topic) : IngestOutcome.PassThrough;
        if (parsed.Kind is TopicKind.Command or TopicKind.Assignment) return IngestOutcome.PassThrough;
        if (Refused(publisher, parsed, topic, payload)) return IngestOutcome.Dropped;

        try
        {
            var (outcome, reason) = await Route(publisher, parsed, payload);
            if (outcome == IngestOutcome.Accepted) drops.Accept(parsed.Kind);
            return outcome == IngestOutcome.Dropped ? Drop(reason!, source, topic) : outcome;
        }
        catch (JsonException error)
        {
            return Drop("json", source, topic, error.Message);
        }
    }

    /// <summary>
    /// Many lamps' telemetry, each report checked, counted and recorded as <see cref="IngestAsync"/> does, but given to the grains in
    /// one call (<see cref="ITelemetryIntakeGrain"/>): for a gateway outside the silo's process, where each grain call is a message
    /// between processes. Returns each report's outcome, in order. Grain failures are not caught: the caller sends the batch again
    /// (a report its lamp took already is a duplicate, accepted).
    /// </summary>
    public async Task<IngestOutcome[]> IngestTelemetryAsync(IReadOnlyList<(MqttIdentity? Publisher, string Topic, ReadOnlySequence<byte> Payload)> reports)
    {
        var outcomes = new IngestOutcome[reports.Count];
        var taken = new List<(int Index, string Lamp, LampTelemetry Report)>(reports.Count);
        for (var i = 0; i < reports.Count; i++)
        {
            var (publisher, topic, payload) = reports[i];
            if (!MqttTopic.TryParse(topic, out var parsed) || parsed.Kind != TopicKind.Telemetry)
            {
                outcomes[i] = await IngestAsync(publisher, topic, payload); // not telemetry after all: the one-message path says what it is
                continue;
            }

            var source = MqttIdentity.SourceOf(publisher);
            if (Refused(publisher, parsed, topic, payload)) outcomes[i] = IngestOutcome.Dropped;
            else
            {
                try
                {
                    if (ToTelemetry(Read(payload, MqttJson.Default.TelemetryPayload)) is { } report) taken.Add((i, parsed.Id, report));
                    else outcomes[i] = Drop("invalid", source, topic);
                }
                catch (JsonException error)
                {
                    outcomes[i] = Drop("json", source, topic, error.Message);
                }
            }
        }

        if (taken.Count == 0) return outcomes;
        _intake ??= grains.GetGrain<ITelemetryIntakeGrain>(0);
        var results = await _intake.Report([.. taken.Select(t => t.Lamp)], [.. taken.Select(t => t.Report)]);
        for (var j = 0; j < taken.Count; j++)
        {
            var (i, lamp, report) = taken[j];
            var (outcome, reason) = Outcome(results[j]);
            if (outcome == IngestOutcome.Accepted)
            {
                drops.Accept(TopicKind.Telemetry);
                // A resend of a report already taken is acknowledged but not written again, as above.
                if (results[j] == TelemetryOutcome.Accepted) await Record(lamp, report);
                outcomes[i] = outcome;
            }
            else outcomes[i] = Drop(reason!, MqttIdentity.SourceOf(reports[i].Publisher), reports[i].Topic);
        }

        return outcomes;
    }

    /// <summary>The checks every message passes before its payload is read, one at a time or in a batch: true if it failed one (counted as dropped).</summary>
    private bool Refused([NotNullWhen(false)] MqttIdentity? publisher, MqttTopic parsed, string topic, ReadOnlySequence<byte> payload)
    {
        var source = MqttIdentity.SourceOf(publisher);
        if (publisher is null || !publisher.MayPublish(parsed)) Drop("acl", source, topic);
        else if (payload.Length > options.Value.MaxPayloadBytes) Drop("payload_size", source, topic, $"{payload.Length} bytes");
        else return false;
        return true;
    }

    private IngestOutcome Drop(string reason, string source, string topic, string? detail = null)
    {
        drops.Drop(reason, source, topic, detail);
        return IngestOutcome.Dropped;
    }

    private async Task<(IngestOutcome, string?)> Route(MqttIdentity publisher, MqttTopic topic, ReadOnlySequence<byte> payload)
    {
        var lamp = _lamps(topic.Id);
        switch (topic.Kind)
        {
            case TopicKind.Telemetry:
                var telemetry = Read(payload, MqttJson.Default.TelemetryPayload);
                if (ToTelemetry(telemetry) is not { } report) return (IngestOutcome.Dropped, "invalid");
                var outcome = await lamp.ReportTelemetry(report);
                // A resend of a report already taken is acknowledged but not written again: not every series store overwrites a point.
                if (outcome == TelemetryOutcome.Accepted) await Record(topic.Id, report);
                return Outcome(outcome);
            case TopicKind.Event:
                var e = Read(payload, MqttJson.Default.EventPayload);
                if (ToDeviceEvent(e) is not { } deviceEvent) return (IngestOutcome.Dropped, "invalid");
                return Outcome(await lamp.ReportDeviceEvent(deviceEvent));
            case TopicKind.Status:
                var status = Encoding.UTF8.GetString(payload).Trim();
                if (status is not ("online" or "offline")) return (IngestOutcome.Dropped, "invalid");
                return Outcome(await lamp.ReportConnection(status == "online", time.GetUtcNow()));
            case TopicKind.CommandAck:
                var ack = Read(payload, MqttJson.Default.CommandAckPayload);
                if (ack?.CmdId is not { Length: > 0 and <= 128 } cmdId || ack.Ok is not { } ok) return (IngestOutcome.Dropped, "invalid");
                return Outcome(await lamp.CommandAcknowledged(cmdId, ok));
            default:
                return await Whistle(publisher, topic, Read(payload, MqttJson.Default.WhistlePayload));
        }
    }

    /// <summary>Accepted telemetry goes to the time series (after the grain, never instead of it).</summary>
    private async Task Record(string lampId, LampTelemetry report)
    {
        if (_series is null || _tags is null || await _tags.ForAsync(lampId) is not { } tags) return;
        _series.Write(TimeSeriesPoints.Lamp(report, tags));
    }

    private async Task<(IngestOutcome, string?)> Whistle(MqttIdentity publisher, MqttTopic topic, WhistlePayload? w)
    {
        if (w is null) return (IngestOutcome.Dropped, "invalid");
        var outcome = await whistles.BlowAsync(new WhistleInput(topic.Township, topic.Id, w.WhistleId, w.By, w.Category, w.Severity, w.Text, w.Lat, w.Lon, w.Ts), publisher.Id);
        return outcome.Problem is null ? (IngestOutcome.Accepted, null) : (IngestOutcome.Dropped, outcome.DropReason);
    }

    private static (IngestOutcome, string?) Outcome(TelemetryOutcome outcome) => outcome switch
    {
        TelemetryOutcome.Accepted or TelemetryOutcome.Duplicate => (IngestOutcome.Accepted, null),
        TelemetryOutcome.UnknownLamp => (IngestOutcome.Dropped, "unknown_lamp"),
        TelemetryOutcome.Stale => (IngestOutcome.Dropped, "stale"),
        _ => (IngestOutcome.Dropped, "out_of_range"),
    };

    private static T? Read<T>(ReadOnlySequence<byte> payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(payload);
        return JsonSerializer.Deserialize(ref reader, type);
    }

    /// <summary>Null if <c>ts</c> is missing or a fault code is unknown: the report as a whole is not trusted.</summary>
    public static LampTelemetry? ToTelemetry(TelemetryPayload? p)
    {
        if (p?.Ts is not { } ts || ts <= 0) return null;
        var faults = FaultSet.None;
        foreach (var code in p.Faults ?? [])
        {
            if (!FaultCodes.TryParse(code, out var fault)) return null;
            faults = faults.With(fault);
        }

        return new LampTelemetry
        {
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ts, 253402300799999)), On = p.On, Brightness = p.Brightness,
            Voltage = p.Voltage, Current = p.Current, Power = p.Power, EnergyWh = p.EnergyWh, Lux = p.Lux, Battery = p.Battery,
            Temperature = p.Temperature, Tilt = p.Tilt, LeakageMa = p.LeakageMa, DeviceFaults = faults,
        };
    }

    public static LampDeviceEvent? ToDeviceEvent(EventPayload? p)
    {
        if (p?.Ts is not { } ts || ts <= 0 || !Enum.TryParse<LampDeviceEventType>(p.Type, ignoreCase: true, out var type) || !Enum.IsDefined(type)) return null;
        FaultCode? code = null;
        if (type != LampDeviceEventType.Boot)
        {
            if (!FaultCodes.TryParse(p.Code, out var parsed)) return null;
            code = parsed;
        }

        return new LampDeviceEvent(DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ts, 253402300799999)), type, code);
    }
}
