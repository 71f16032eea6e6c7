using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// <c>PUT /api/townships/{id}/topology</c>: the county imports (or re-imports) a township's topology file
/// (docs/TOPOLOGY.md). The file is read, validated in full and refused with every error it has, or imported:
/// cells defined, lamps and responders configured, the township registered. Re-importing is safe.
/// </summary>
public static class TopologyEndpoints
{
    public static IEndpointRouteBuilder MapTopology(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/townships/{id}/topology", Import).RequireAuthorization().WithTags("townships");
        return app;
    }

    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> Import(string id, HttpContext context, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (user.Caller() is not { Role: AccountRole.County }) return ApiProblems.Forbidden(id);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = TopologyFile.MaxBytes;

        TopologyParseResult parsed;
        try { parsed = await TopologyFile.ParseAsync(context.Request.Body, context.RequestAborted); }
        catch (BadHttpRequestException error) { return ApiProblems.Invalid(error.Message); } // larger than allowed
        if (!parsed.Succeeded) return Refused(parsed.Errors);
        if (parsed.Topology.Id != id) return ApiProblems.Invalid($"the file is township '{parsed.Topology.Id}', not '{id}'");
        var errors = TopologyValidator.Validate(parsed.Topology);
        if (errors.Count > 0) return Refused(errors);
        var report = await new TopologyImporter(grains).ImportAsync(parsed.Topology, context.RequestAborted);
        await audit.RecordAsync(user.Caller(), id, "topology.import", id);
        return TypedResults.Ok(report);
    }

    private static ProblemHttpResult Refused(IReadOnlyList<TopologyError> errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "invalid topology", detail: $"{errors.Count} errors; the first: {errors[0]}",
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Take(200).Select(e => new { path = e.Path, message = e.Message }).ToList() });
}
