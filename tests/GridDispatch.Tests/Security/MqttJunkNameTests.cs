using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// Finding 8, its last part: a CONNECT under a name that is no lamp and no account is refused without
/// activating a grain or reading storage for that name, so a guesser's junk names cost no memory or I/O.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class MqttJunkNameTests(DemoSiloFixture f)
{
    [Fact]
    public async Task Connects_under_names_that_are_no_lamp_and_no_account_activate_no_grain()
    {
        var management = f.Grains.GetGrain<IManagementGrain>(0);
        async Task<int> Active(string type) =>
            (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.EndsWith(type, StringComparison.Ordinal) || s.GrainType.Contains(type + ",", StringComparison.Ordinal))
                .Sum(s => s.ActivationCount);

        // A real person and a real lamp first: the directories are loaded, and both still get in.
        Assert.Equal(Success, await Login("yimen", "demo"));
        Assert.Equal(Success, await Login("yimen-L0601", "demo"));
        var (lamps, accounts) = (await Active("StreetlightGrain"), await Active("AccountGrain"));

        for (var i = 0; i < 10; i++) Assert.Equal(BadLogin, await Login($"nobody{i}", "demo"));
        for (var i = 0; i < 8; i++) Assert.Equal(BadLogin, await Login($"yimen-L9{i:000}", "demo"));

        Assert.Equal(accounts, await Active("AccountGrain"));
        Assert.Equal(lamps, await Active("StreetlightGrain"));
    }

    private const int Success = 0x00, BadLogin = 0x86;

    /// <summary>An MQTT 5 CONNECT; the CONNACK's reason code (or -1 if the broker hung up without one).</summary>
    private async Task<int> Login(string user, string password)
    {
        await using var client = await RawMqtt.OpenAsync(f.Silo.MqttPort);
        await client.SendAsync(RawMqtt.Connect(5, $"{user}-{Guid.NewGuid():N}"[..30], user, password));
        return await client.ReadAsync(TimeSpan.FromSeconds(10)) is { Header: 0x20 } connack ? connack.Body[1] : -1;
    }
}
