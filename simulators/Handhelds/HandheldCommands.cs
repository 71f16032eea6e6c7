using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using GridDispatch.Gateway.Grpc.V1;
using RespondersService = GridDispatch.Gateway.Grpc.V1.Responders;

namespace GridDispatch.Simulators.Handhelds;

/// <summary>
/// <c>griddispatch-sim handheld …</c>: a handheld on the command line, over gRPC with a bearer token —
/// blow a whistle, follow one's work orders, and 接单 / 到场 / 完成.
/// </summary>
public static class HandheldCommands
{
    private static readonly Option<string> Server = new("--server") { Description = "gRPC address", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
    private static readonly Option<string> Token = new("--token") { Description = "bearer token (from /api/login; demo-{id} under --demo)", Required = true };

    public static Command Create()
    {
        var handheld = new Command("handheld", "one handheld over gRPC: whistle, orders, ack, arrive, resolve") { Server, Token };
        handheld.Subcommands.Add(Whistle());
        handheld.Subcommands.Add(Orders());
        handheld.Subcommands.Add(Step("ack", "接单", (c, r, m, t) => c.AcknowledgeAsync(r, m, cancellationToken: t).ResponseAsync));
        handheld.Subcommands.Add(Step("arrive", "到场", (c, r, m, t) => c.ArriveAsync(r, m, cancellationToken: t).ResponseAsync));
        handheld.Subcommands.Add(Step("resolve", "完成", (c, r, m, t) =>
            c.ResolveAsync(new ResolveRequest { ResponderId = r.ResponderId, IncidentId = r.IncidentId, Note = "已处置完毕" }, m, cancellationToken: t).ResponseAsync));
        return handheld;
    }

    private static Metadata Auth(ParseResult p) => new() { { "authorization", $"Bearer {p.GetValue(Token)}" } };

    private static GrpcChannel Channel(ParseResult p) => GrpcChannel.ForAddress(p.GetValue(Server)!);

    private static Command Whistle()
    {
        var township = new Option<string>("--township") { Required = true };
        var cell = new Option<string>("--cell") { Required = true };
        var category = new Option<string>("--category") { DefaultValueFactory = _ => "other" };
        var severity = new Option<string>("--severity") { DefaultValueFactory = _ => "minor" };
        var text = new Option<string>("--text") { Required = true };
        var id = new Option<string>("--whistle-id") { Description = "for de-duplication; made up if absent" };
        var command = new Command("whistle", "吹哨: open an incident for a cell") { township, cell, category, severity, text, id };
        command.SetAction(async (p, cancellationToken) => await Run(async () =>
        {
            using var channel = Channel(p);
            var reply = await new GridDispatch.Gateway.Grpc.V1.Whistle.WhistleClient(channel).BlowAsync(new BlowRequest
            {
                Township = p.GetValue(township)!, CellId = p.GetValue(cell)!, Category = p.GetValue(category)!, Severity = p.GetValue(severity)!,
                Text = p.GetValue(text)!, WhistleId = p.GetValue(id) ?? $"cli-{Guid.NewGuid():N}",
            }, Auth(p), cancellationToken: cancellationToken);
            Console.WriteLine($"{reply.IncidentId} {reply.Status}{(reply.Duplicate ? " (duplicate)" : "")}{(reply.Number.Length > 0 ? " 受理编号 " + reply.Number : "")}");
        }));
        return command;
    }

    private static Command Orders()
    {
        var responder = new Option<string>("--responder") { Required = true };
        var command = new Command("orders", "我的工单: print work orders as they come, until Ctrl+C") { responder };
        command.SetAction(async (p, cancellationToken) => await Run(async () =>
        {
            using var channel = Channel(p);
            using var call = new RespondersService.RespondersClient(channel).Subscribe(new SubscribeRequest { ResponderId = p.GetValue(responder)! }, Auth(p), cancellationToken: cancellationToken);
            await foreach (var a in call.ResponseStream.ReadAllAsync(cancellationToken))
                Console.WriteLine(a.Kind switch
                {
                    "offered" => $"{a.Kind} {a.IncidentId} [{a.Severity}/{a.Category}] {a.Title} @ {a.Cell}, 接单 by {DateTimeOffset.FromUnixTimeMilliseconds(a.AcknowledgeBy):HH:mm:ss}",
                    "urged" => $"{a.Kind} {a.IncidentId} by {a.UrgedBy} (督办 {a.Urges}): {a.Note}",
                    _ => $"{a.Kind} {a.IncidentId}: {a.Reason}",
                });
        }));
        return command;
    }

    private static Command Step(string name, string chinese, Func<RespondersService.RespondersClient, WorkOrderRequest, Metadata, CancellationToken, Task<IncidentReply>> call)
    {
        var responder = new Option<string>("--responder") { Required = true };
        var incident = new Option<string>("--incident") { Required = true };
        var command = new Command(name, $"{chinese} a work order") { responder, incident };
        command.SetAction(async (p, cancellationToken) => await Run(async () =>
        {
            using var channel = Channel(p);
            var reply = await call(new RespondersService.RespondersClient(channel),
                new WorkOrderRequest { ResponderId = p.GetValue(responder)!, IncidentId = p.GetValue(incident)! }, Auth(p), cancellationToken);
            Console.WriteLine($"{reply.Incident.Id} {reply.Incident.Status}");
        }));
        return command;
    }

    /// <summary>A refused call prints its status (UNAUTHENTICATED, PERMISSION_DENIED, …) and exits 1.</summary>
    private static async Task<int> Run(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            Console.Error.WriteLine($"{e.StatusCode}: {e.Status.Detail}");
            return 1;
        }
        catch (OperationCanceledException) { return 0; }
        catch (RpcException) { return 0; }
    }
}
