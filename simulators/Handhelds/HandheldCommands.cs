using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using GridDispatch.Gateway.Grpc.V1;
using RespondersService = GridDispatch.Gateway.Grpc.V1.Responders;

namespace GridDispatch.Simulators.Handhelds;

/// <summary>
/// <c>griddispatch-sim handheld …</c>: a handheld on the command line, over gRPC with a bearer token —
/// blow a whistle, follow one's work orders (and calls to 报到), 接单 / 拒单 / 到场 / 完成, 上班 / 下班 and report a position.
/// </summary>
public static class HandheldCommands
{
    private static readonly Option<string> Server = new("--server") { Description = "gRPC address", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
    private static readonly Option<string> Token = new("--token") { Description = "bearer token (from /api/login; demo-{id} under --demo)", Required = true };

    public static Command Create()
    {
        var handheld = new Command("handheld", "one handheld over gRPC: whistle, orders, ack, decline, arrive, resolve, duty, position") { Server, Token };
        handheld.Subcommands.Add(Whistle());
        handheld.Subcommands.Add(Orders());
        handheld.Subcommands.Add(Step("ack", "接单", (c, r, m, t) => c.AcknowledgeAsync(r, m, cancellationToken: t).ResponseAsync));
        handheld.Subcommands.Add(Step("arrive", "到场", (c, r, m, t) => c.ArriveAsync(r, m, cancellationToken: t).ResponseAsync));
        handheld.Subcommands.Add(Step("resolve", "完成", (c, r, m, t) =>
            c.ResolveAsync(new ResolveRequest { ResponderId = r.ResponderId, IncidentId = r.IncidentId, Note = "已处置完毕" }, m, cancellationToken: t).ResponseAsync));
        handheld.Subcommands.Add(Decline());
        handheld.Subcommands.Add(Duty());
        handheld.Subcommands.Add(Position());
        return handheld;
    }

    private static Command Decline()
    {
        var responder = new Option<string>("--responder") { Required = true };
        var incident = new Option<string>("--incident") { Required = true };
        var reason = new Option<string>("--reason") { Description = "why (车辆故障, 不在辖区, …)", Required = true };
        var command = new Command("decline", "拒单: hand a work order back with a reason; it goes to someone else") { responder, incident, reason };
        command.SetAction(async (p, cancellationToken) => await Run(async () =>
        {
            using var channel = Channel(p);
            var reply = await new RespondersService.RespondersClient(channel).DeclineAsync(new DeclineRequest
            {
                ResponderId = p.GetValue(responder)!, IncidentId = p.GetValue(incident)!, Reason = p.GetValue(reason)!, RequestId = $"cli-{Guid.NewGuid():N}",
            }, Auth(p), cancellationToken: cancellationToken);
            Console.WriteLine($"{reply.Incident.Id} {reply.Incident.Status}");
        }));
        return command;
    }

    private static Command Duty()
    {
        var responder = new Option<string>("--responder") { Required = true };
        var on = new Option<bool>("--on") { Description = "true: 上班 (on duty), false: 下班 (off duty)", Required = true };
        var command = new Command("duty", "上班 / 下班: off duty, no work orders are offered") { responder, on };
        command.SetAction(async (p, cancellationToken) => await Run(async () =>
        {
            using var channel = Channel(p);
            var reply = await new RespondersService.RespondersClient(channel).SetDutyAsync(new SetDutyRequest
            {
                ResponderId = p.GetValue(responder)!, OnDuty = p.GetValue(on), RequestId = $"cli-{Guid.NewGuid():N}",
            }, Auth(p), cancellationToken: cancellationToken);
            Console.WriteLine($"{reply.ResponderId} {reply.Status}");
        }));
        return command;
    }

    private static Command Position()
    {
        var responder = new Option<string>("--responder") { Required = true };
        var lat = new Option<double>("--lat") { Required = true };
        var lon = new Option<double>("--lon") { Required = true };
        var command = new Command("position", "赶往现场: report where the responder is (at most one per interval)") { responder, lat, lon };
        command.SetAction(async (p, cancellationToken) => await Run(async () =>
        {
            using var channel = Channel(p);
            var reply = await new RespondersService.RespondersClient(channel).ReportPositionAsync(new PositionRequest
            {
                ResponderId = p.GetValue(responder)!, Lat = p.GetValue(lat), Lon = p.GetValue(lon),
            }, Auth(p), cancellationToken: cancellationToken);
            Console.WriteLine($"{reply.ResponderId} {reply.Status} {reply.Lat:0.#####},{reply.Lon:0.#####}");
        }));
        return command;
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
                    "called" => $"{a.Kind} 应急报到 {a.Township}: {a.Reason}",
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
