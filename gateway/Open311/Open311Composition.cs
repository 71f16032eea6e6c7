using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Open311;

public static class Open311Composition
{
    /// <summary>Open311's keys and its limits: per key (in the endpoint, once the key is known) and per client address (ASP.NET Core's limiter).</summary>
    public static IServiceCollection AddGridDispatchOpen311(this IServiceCollection services)
    {
        services.AddOptions<Open311Limits>().BindConfiguration(Open311Limits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Open311Keys>();
        services.AddSingleton<Open311KeyLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                // Every refusal says when to come back.
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<Open311Limits>>((limiter, limits) =>
            limiter.AddPolicy(Open311Endpoints.PerAddressLimit, context =>
                RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "?",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.Value.PerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }
}
