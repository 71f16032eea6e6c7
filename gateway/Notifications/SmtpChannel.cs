using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace GridDispatch.Gateway.Notifications;

/// <summary>E-mail over SMTP with MailKit: one session a message (they are few), authenticated when a user is set.</summary>
public sealed class SmtpChannel(NotificationChannelOptions options) : INotificationChannel
{
    public NotificationChannelKind Kind => NotificationChannelKind.Smtp;

    public async Task SendAsync(Notification message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.To)) throw new NotificationRejectedException("no e-mail address for this recipient (notify[].to)");
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(options.From));
        mail.To.Add(new MailboxAddress(message.RecipientName ?? "", message.To));
        mail.Subject = message.Title;
        mail.Headers.Add("X-GridDispatch-Delivery", message.Key);
        mail.Body = new TextPart("plain") { Text = message.Text };

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(options.User)) await smtp.AuthenticateAsync(options.User, options.Password, cancellationToken);
        await smtp.SendAsync(mail, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }
}
