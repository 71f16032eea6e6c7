using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// A generic HTTP webhook, e.g. an SMS gateway: POST <c>{"id","recipient","to","title","text","link"}</c> as JSON.
/// <c>X-GridDispatch-Delivery</c> carries the message's key, the same on every retry, so the receiver can drop a
/// repeat; with a secret, <c>X-GridDispatch-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>. Any 2xx accepts.
/// </summary>
public sealed class WebhookChannel(HttpClient http, NotificationChannelOptions options) : INotificationChannel
{
    public const string DeliveryHeader = "X-GridDispatch-Delivery";
    public const string SignatureHeader = "X-GridDispatch-Signature";

    public NotificationChannelKind Kind => NotificationChannelKind.Webhook;

    public async Task SendAsync(Notification message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = message.Key, recipient = message.RecipientId, to = message.To, title = message.Title, text = message.Text, link = message.Link,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(DeliveryHeader, Uri.EscapeDataString(message.Key));
        if (!string.IsNullOrEmpty(options.Secret)) request.Headers.Add(SignatureHeader, Signature(body, options.Secret));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new NotificationRejectedException($"HTTP {(int)response.StatusCode}");
    }

    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
