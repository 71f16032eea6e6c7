using GridDispatch.Gateway.Grpc;
using GridDispatch.Gateway.Http;
using GridDispatch.Gateway.Mqtt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayServices
{
    /// <summary>The device edge: the embedded MQTT broker, ingestion into grains, lamp commands out.</summary>
    public static IServiceCollection AddGridDispatchGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGridDispatchDemoOptions();
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IngestionDrops>();
        services.AddSingleton<MqttIngestion>();
        services.AddGridDispatchIdentity();
        services.AddSingleton<DeviceKeys>();
        services.AddSingleton<LampDirectory>();
        services.AddSingleton<IMqttCredentials, MqttCredentials>();
        var mqtt = configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        if (mqtt.Embedded)
        {
            services.AddSingleton<MqttSecurityMetrics>();
            services.AddSingleton<MqttListener>();
            services.AddSingleton<ConnectThrottle>();
            services.AddSingleton<ClientIds>();
            services.AddSingleton<EmbeddedMqttBroker>();
            services.AddSingleton<IMqttOutbound>(sp => sp.GetRequiredService<EmbeddedMqttBroker>());
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EmbeddedMqttBroker>());
        }
        else
        {
            services.AddSingleton<BrokerCounters>();
            services.AddSingleton<ExternalBrokerIngestion>();
            services.AddSingleton<IMqttOutbound>(sp => sp.GetRequiredService<ExternalBrokerIngestion>());
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ExternalBrokerIngestion>());
        }

        services.AddSingleton<PublisherLease>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PublisherLease>());
        services.AddSingleton<MqttOutboundQueue>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MqttOutboundQueue>());
        services.AddDomainEventHandler<MqttOutboundPublisher>();
        services.AddGridDispatchNotifications(configuration);
        services.AddGridDispatchTimeSeries(configuration);
        services.AddGridDispatchApi();
        services.AddGridDispatchGrpc();
        return services;
    }
}
