using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// A real SMTP server we did not write: Debian's python3-aiosmtpd on a free loopback port, its Mailbox handler
/// writing each accepted message into a maildir that <see cref="MessagesAsync"/> reads back.
/// </summary>
public sealed class SmtpServer : ServerProcess
{
    private readonly string _folder;

    private SmtpServer(string executable, int port, string folder)
        : base($"aiosmtpd:{port}", new ProcessStartInfo(executable, ["-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(folder, "mail")]))
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        // The package's own launcher runs Debian's python3, not a pyenv shim that may lack the module.
        var executable = await AptPackages.EnsureCommandAsync("aiosmtpd", "python3-aiosmtpd");
        var server = new SmtpServer(executable, FreePort.Next(), RepositoryPaths.NewTempFolder("smtp"));
        await server.WaitUntilAsync(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", server.Port);
            return true;
        }, TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>Every message received so far, parsed.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync()
    {
        var inbox = Path.Combine(_folder, "mail", "new");
        if (!Directory.Exists(inbox)) return [];
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(inbox)) messages.Add(await MimeMessage.LoadAsync(file));
        return messages;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
