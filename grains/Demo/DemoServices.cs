using GridDispatch.Grains.Demo;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DemoServices
{
    /// <summary>
    /// Binds <see cref="DemoOptions"/> (the <c>Demo</c> section), once however many parts of a process ask: the silo
    /// seeds and runs the demo with it, identity accepts the demo logins with it, the gateway the demo lamps.
    /// </summary>
    public static IServiceCollection AddGridDispatchDemoOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IOptionsChangeTokenSource<DemoOptions>))) return services;
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        return services;
    }
}
