using GridDispatch.Gateway.Notifications;

namespace GridDispatch.Tests.Gateway.Notifications;

internal static class Samples
{
    public static Notification Message(string channel, string eventId = "offered:inc-1:hudeng-1:1764400000000", string? to = null) => new()
    {
        EventId = eventId, Channel = channel, RecipientId = "hudeng-1", RecipientName = "护灯一队", To = to,
        Title = "【新工单】石门路12号杆路灯不亮",
        Lines = ["受理编号：益门-1129-0012", "地点：益门镇 石门村 三组", "请于 11月29日 20:15 前接单"],
        Link = "https://gd.example.cn/handheld/orders.html?incident=inc-1",
    };
}
