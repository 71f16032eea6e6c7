using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridDispatch.Gateway.Http;

/// <summary>RFC 9457 problem details for the API's usual refusals.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: what);

    public static ProblemHttpResult Invalid(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: detail);

    public static ProblemHttpResult Forbidden(string township) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "outside your scope", detail: $"township {township}");

    public static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "not available", detail: detail);

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "not possible now", detail: detail);
}
