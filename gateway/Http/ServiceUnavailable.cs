using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// A grain that could not reach its store, or a silo that did not answer in time, is a passing state of
/// the service, not a fault in the request: 503 with <c>Retry-After</c>, so a handheld or the 12345 bridge
/// sends again later. Nothing was acknowledged, so sending again is safe (whistles are idempotent by id).
/// </summary>
internal sealed class ServiceUnavailable(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (OrleansException or TimeoutException) || context.Response.HasStarted) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "服务暂时不可用，请稍后重试 (temporarily unavailable, try again)" },
        });
    }
}
