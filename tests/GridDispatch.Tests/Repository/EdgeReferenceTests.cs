using GridDispatch.Dashboard.Hubs;
using GridDispatch.Gateway.Http;

namespace GridDispatch.Tests.Repository;

/// <summary>The two edges share identity, not each other: the dashboard signs people in without the gateway's assembly.</summary>
public sealed class EdgeReferenceTests
{
    [Fact]
    public void The_dashboard_uses_identity_and_not_the_gateway()
    {
        var dashboard = typeof(CommandCentreHub).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        var gateway = typeof(ApiComposition).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("GridDispatch.Identity", dashboard);
        Assert.Contains("GridDispatch.Identity", gateway);
        Assert.DoesNotContain("GridDispatch.Gateway", dashboard);
    }
}
