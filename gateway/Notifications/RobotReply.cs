using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// What WeCom's and DingTalk's robots answer: <c>{"errcode":0,"errmsg":"ok"}</c>, with HTTP 200 even when they
/// refuse (a bad key, too many messages a minute), so both the status and the <c>errcode</c> must say yes.
/// </summary>
internal sealed record RobotReply([property: JsonPropertyName("errcode")] int ErrCode, [property: JsonPropertyName("errmsg")] string? ErrMsg)
{
    public static async Task EnsureAcceptedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) throw new NotificationRejectedException($"HTTP {(int)response.StatusCode}");
        RobotReply? reply;
        try { reply = await response.Content.ReadFromJsonAsync<RobotReply>(cancellationToken); }
        catch (System.Text.Json.JsonException) { throw new NotificationRejectedException("the reply is not the robot's JSON"); }
        if (reply is null) throw new NotificationRejectedException("empty reply");
        if (reply.ErrCode != 0) throw new NotificationRejectedException($"errcode {reply.ErrCode}: {reply.ErrMsg}");
    }
}
