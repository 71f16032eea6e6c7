using System.Threading.RateLimiting;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class IdentityServices
{
    /// <summary>Accounts, bearer tokens and scopes: shared by the gateway and the dashboard, in one process or apart.</summary>
    public static IServiceCollection AddGridDispatchIdentity(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AccessTokens))) return services; // gateway and dashboard both ask
        services.TryAddSingleton(TimeProvider.System);
        services.AddGridDispatchDemoOptions();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CallerScopes>();
        services.TryAddSingleton<AccessTokens>();
        services.TryAddSingleton<SignIn>();
        services.TryAddSingleton<AccountDirectory>();
        services.TryAddSingleton<LiveSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveSessions>());
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        // Per client address, across all names; each account also throttles itself (AccountGrain).
        services.AddRateLimiter(limiter => limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests);
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((limiter, accounts) =>
            limiter.AddPolicy(SignIn.LoginRateLimit, context =>
                RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "?",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = accounts.Value.LoginsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }
}
