using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Simulators.Lamps;

/// <summary>
/// One smart streetlight on MQTT, as docs/INTERFACES.md has it: a retained will (<c>offline</c>), <c>online</c>
/// on connect, telemetry at a jittered interval, lit from dusk to dawn at the commanded brightness, or as its
/// profile says (a lighting program: 0 % is off) in the hours the profile covers, commands acknowledged, and now and then a fault (leakage, a dead lamp, a tilted pole, over-voltage)
/// that lasts a while and clears.
/// </summary>
public sealed class SimulatedLamp(string township, string id, double ratedWatts, LampBehaviour behaviour, Random random, LampKind kind = LampKind.Mains)
    : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private int _brightness = 100;
    private IReadOnlyList<(TimeOnly From, TimeOnly To, int Brightness)> _profile = [];
    /// <summary>A profile for switching by ambient light: dusk and dawn (our stand-in for the light) switch, the profile only dims.</summary>
    private int? _switchLux;
    private readonly SolarBattery? _battery = kind == LampKind.Solar ? new SolarBattery(ratedWatts, 0.6 + 0.4 * random.NextDouble()) : null;
    private double _energyWh = random.Next(1_000, 50_000);
    private string? _fault;
    private int _faultLeft;
    private int _reports;
    private int _commands;

    public string Id => id;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Telemetry reports published, and commands obeyed or refused, since start (for the live table).</summary>
    public int Reports => Volatile.Read(ref _reports);

    public int Commands => Volatile.Read(ref _commands);

    public string? Fault => _fault;

    /// <summary>Lamps someone else has taken over for now (<see cref="LampPauses"/>): this one keeps quiet and off the broker while listed.</summary>
    public LampPauses? Pauses { get; init; }

    private string Topic(string leaf) => $"gd/{township}/lamp/{id}/{leaf}";

    public async Task ConnectAsync(string host, int port, string password, CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync -= OnCommand; // once, however often it reconnects
        _client.ApplicationMessageReceivedAsync += OnCommand;
        var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(id).WithCredentials(id, password)
            .WithCleanSession().WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithWillTopic(Topic("status")).WithWillPayload("offline").WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.ConnectAsync(options, cancellationToken);
        await _client.SubscribeAsync(Topic("cmd"), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        await Publish("status", "online", retain: true, cancellationToken);
    }

    /// <summary>Reports until cancelled; reconnects (after a pause) if the broker goes away.</summary>
    public async Task RunAsync(string host, int port, string password, CancellationToken cancellationToken)
    {
        // Spread the first reports over one interval, as real lamps power up at different moments.
        await Task.Delay(behaviour.Interval * random.NextDouble(), cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (Pauses?.IsPaused(id, DateTimeOffset.UtcNow) == true)
                {
                    if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }

                if (!_client.IsConnected) await ConnectAsync(host, port, password, cancellationToken);
                await ReportAsync(DateTimeOffset.UtcNow, cancellationToken);
                var nextReport = Task.Delay(behaviour.Interval * (0.8 + 0.4 * random.NextDouble()), cancellationToken);
                await (Pauses is null ? nextReport : Task.WhenAny(nextReport, Pauses.WhenPaused(id)));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception)
            {
                await Task.Delay(TimeSpan.FromSeconds(2 + random.NextDouble() * 5), cancellationToken);
            }
        }
    }

    public Task ReportAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        NextFaultState();
        var step = _switchLux is null ? ProfileAt(now) : null;
        var brightness = ProfileAt(now) ?? _brightness;
        // A lighting program covers the day: its steps switch the lamp, 0 % off. Elsewhere the lamp's own dusk-to-dawn.
        var on = (step is { } level ? level > 0 : behaviour.IsNight(now) && brightness > 0) && _battery?.Empty != true;
        var voltage = _fault switch
        {
            "OVER_VOLTAGE" => 262 + random.NextDouble() * 5,
            "POWER_FAILURE" => random.NextDouble() * 3, // the feeder is dead: the controller runs on its backup cell
            _ => 218 + random.NextDouble() * 6,
        };
        var power = on && _fault is not ("LAMP_FAILURE" or "POWER_FAILURE") ? ratedWatts * brightness / 100.0 * (0.95 + random.NextDouble() * 0.1) : 0;
        _energyWh += power * behaviour.Interval.TotalHours;
        _battery?.Step(behaviour.IsNight(now), power, behaviour.Interval);
        var report = new JsonObject
        {
            ["ts"] = now.ToUnixTimeMilliseconds(), ["on"] = on, ["brightness"] = on ? brightness : 0,
            ["voltage"] = Math.Round(voltage, 1), ["current"] = voltage > 1 ? Math.Round(power / voltage, 3) : 0, ["power"] = Math.Round(power, 1),
            ["energyWh"] = Math.Round(_energyWh, 1), ["lux"] = behaviour.IsNight(now) ? 2 + random.Next(3) : 3_000 + random.Next(5_000),
            ["temperature"] = 18 + random.Next(12), ["tilt"] = _fault == "POLE_TILT" ? 14.5 : Math.Round(random.NextDouble(), 2),
            ["leakageMa"] = _fault == "LEAKAGE" ? 45 + random.Next(20) : 0,
        };
        if (_battery is not null) report["battery"] = Math.Round(_battery.Percent, 1);
        Interlocked.Increment(ref _reports);
        return Publish("telemetry", report.ToJsonString(), retain: false, cancellationToken);
    }

    /// <summary>Mended (or the supply is back): the next report is clean.</summary>
    public void Clear() => (_fault, _faultLeft) = (null, 0);

    public async Task ReportAfterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        await ReportAsync(DateTimeOffset.UtcNow, cancellationToken);
    }

    /// <summary>A healthy lamp may start a fault, each kind at its own rate; a faulty one counts down to its repair.</summary>
    private void NextFaultState()
    {
        if (_fault is not null && --_faultLeft <= 0) _fault = null;
        else if (_fault is null)
        {
            var roll = random.NextDouble();
            foreach (var (fault, rate) in behaviour.FaultRates)
            {
                if (roll < rate)
                {
                    (_fault, _faultLeft) = (fault, behaviour.FaultReports);
                    return;
                }

                roll -= rate;
            }
        }
    }

    /// <summary>The commanded dimming profile's step for the township's local time; null when none covers it.</summary>
    private int? ProfileAt(DateTimeOffset now)
    {
        var local = TimeOnly.FromTimeSpan((now.UtcDateTime + behaviour.UtcOffset).TimeOfDay);
        foreach (var (from, to, brightness) in _profile)
            if (from <= to ? local >= from && local < to : local >= from || local < to) return brightness;
        return null;
    }

    public void Inject(string fault, int reports) => (_fault, _faultLeft) = (fault, reports);

    private async Task OnCommand(MqttApplicationMessageReceivedEventArgs e)
    {
        var command = JsonNode.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
        var cmdId = command?["cmdId"]?.GetValue<string>();
        if (cmdId is null) return;
        Interlocked.Increment(ref _commands);
        var ok = true;
        switch (command!["type"]?.GetValue<string>())
        {
            case "setBrightness" when command["brightness"]?.GetValue<int>() is { } b and >= 0 and <= 100: (_brightness, _profile, _switchLux) = (b, [], null); break;
            case "setProfile" when ParseProfile(command["profile"]) is { } steps: (_profile, _switchLux) = (steps, command["switchLux"]?.GetValue<int>()); break;
            default: ok = false; break;
        }

        await Publish("cmd/ack", JsonSerializer.Serialize(new { cmdId, ok }), retain: false, CancellationToken.None);
    }

    /// <summary><c>[{"from":"18:30","to":"23:00","brightness":100},…]</c>; null (refused) if any step is not one.</summary>
    private static List<(TimeOnly, TimeOnly, int)>? ParseProfile(JsonNode? node)
    {
        if (node is not JsonArray steps) return null;
        var parsed = new List<(TimeOnly, TimeOnly, int)>();
        foreach (var step in steps)
        {
            var brightness = step?["brightness"]?.GetValue<int>();
            if (!TimeOnly.TryParse(step?["from"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var from) ||
                !TimeOnly.TryParse(step?["to"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var to) ||
                brightness is not (>= 0 and <= 100)) return null;
            parsed.Add((from, to, brightness.Value));
        }

        return parsed;
    }

    private Task Publish(string leaf, string payload, bool retain, CancellationToken cancellationToken) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topic(leaf)).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
        }
        catch (Exception) { /* the broker is gone or slow: the socket closes with the client */ }

        _client.Dispose();
    }
}
