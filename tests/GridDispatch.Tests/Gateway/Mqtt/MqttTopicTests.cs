using GridDispatch.Gateway.Mqtt;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>The contract's topics taken apart (docs/INTERFACES.md), and what is not one of them.</summary>
public sealed class MqttTopicTests
{
    [Theory]
    [InlineData("gd/yimen/lamp/yimen-L0001/telemetry", TopicKind.Telemetry, "yimen", "yimen-L0001")]
    [InlineData("gd/yimen/lamp/yimen-L0001/event", TopicKind.Event, "yimen", "yimen-L0001")]
    [InlineData("gd/yimen/lamp/yimen-L0001/status", TopicKind.Status, "yimen", "yimen-L0001")]
    [InlineData("gd/yimen/lamp/yimen-L0001/cmd", TopicKind.Command, "yimen", "yimen-L0001")]
    [InlineData("gd/yimen/lamp/yimen-L0001/cmd/ack", TopicKind.CommandAck, "yimen", "yimen-L0001")]
    [InlineData("gd/yimen/grid/yimen-g-03/whistle", TopicKind.Whistle, "yimen", "yimen-g-03")]
    [InlineData("gd/yimen/responder/r-07/assignment", TopicKind.Assignment, "yimen", "r-07")]
    public void A_contract_topic_gives_its_kind_township_and_id(string topic, TopicKind kind, string township, string id)
    {
        Assert.True(MqttTopic.TryParse(topic, out var parsed));
        Assert.Equal(new MqttTopic(kind, township, id), parsed);
        Assert.Equal(topic, MqttTopic.For(kind, township, id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("gd")]
    [InlineData("gd/yimen/lamp/L1")]
    [InlineData("gd/yimen/lamp/L1/")]
    [InlineData("xx/yimen/lamp/L1/telemetry")]
    [InlineData("gd//lamp/L1/telemetry")]
    [InlineData("gd/yimen/lamp//telemetry")]
    [InlineData("gd/yimen/lamp/L1/telemetry/")]
    [InlineData("gd/yimen/lamp/L1/telemetry/extra")]
    [InlineData("gd/yimen/lamp/L1/cmd//ack")]
    [InlineData("gd/yimen/lamp/L1/whistle")]
    [InlineData("gd/yimen/grid/c1/telemetry")]
    [InlineData("gd/yimen/responder/r1/cmd")]
    [InlineData("gd/yimen/LAMP/L1/telemetry")]
    public void Anything_else_is_not_a_contract_topic(string topic) => Assert.False(MqttTopic.TryParse(topic, out _));

    [Fact]
    public void A_township_or_id_longer_than_128_characters_is_refused()
    {
        var longest = new string('a', 128);
        Assert.True(MqttTopic.TryParse($"gd/{longest}/lamp/{longest}/telemetry", out _));
        Assert.False(MqttTopic.TryParse($"gd/{longest}a/lamp/L1/telemetry", out _));
        Assert.False(MqttTopic.TryParse($"gd/yimen/lamp/{longest}a/telemetry", out _));
    }
}
