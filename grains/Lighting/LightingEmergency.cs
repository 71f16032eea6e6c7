using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Grains.Lighting;

/// <summary>
/// 应急照明: an emergency lights its area by group commands (so offline lamps get it when they reconnect, and
/// its progress shows like any other), and the schedules leave those lamps alone until it ends; then each of
/// them is sent its schedule's program again. Kept in the grain's state, so a silo restart changes neither.
/// </summary>
public sealed partial class LightingGrain
{
    public async Task<string?> SetEmergencySettings(EmergencyLightingSettings settings, string by)
    {
        if (settings.Problem() is { } problem) return problem;
        S.Emergency = settings;
        await state.WriteStateAsync();
        return null;
    }

    public async Task<string> LightEmergency(IReadOnlyList<string> villages, string by)
    {
        if (S.EmergencyLit is not { } emergency)
        {
            if (!S.Emergency.Enabled) return "应急照明未启用";
            var since = clock.Now;
            // Named villages light only those; an emergency that names none lights the whole township.
            IReadOnlyList<string> lit = S.Emergency.Scope == EmergencyScope.NamedVillages ? [.. villages.Distinct(StringComparer.Ordinal)] : [];
            S.EmergencyLit = emergency = new EmergencyLit
            {
                Since = since, Villages = lit, Brightness = S.Emergency.Brightness, By = by,
                Commands = lit.Count == 0 ? [EmergencyLit.CommandId(since, null)] : [.. lit.Select(v => EmergencyLit.CommandId(since, v))],
            };
            // Written before any lamp is told: a crash from here on is finished by the next call (the switch asked again, the reminder).
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(NightReminder, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        }

        for (var i = 0; i < emergency.Commands.Count; i++)
        {
            var request = new GroupCommandRequest
            {
                Target = emergency.Villages.Count == 0 ? GroupTarget.Township : GroupTarget.Village,
                TargetId = emergency.Villages.Count == 0 ? null : emergency.Villages[i],
                Action = GroupAction.On, Brightness = emergency.Brightness, Emergency = true,
            };
            // Started twice, a group command changes nothing; a village without lamps is refused, and that is all.
            var (progress, error) = await GrainFactory.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(Township, emergency.Commands[i])).Start(request, emergency.By);
            if (error is not null) log.LogWarning("Emergency lighting of {Township}: {Command} not started: {Error}", Township, emergency.Commands[i], error);
            else log.LogInformation("Emergency lighting of {Township}: {Command} lights {Lamps} lamps at {Brightness} %", Township, emergency.Commands[i], progress!.Total, emergency.Brightness);
        }

        return $"应急照明 {emergency.Brightness}%: {(emergency.Villages.Count == 0 ? "全镇" : string.Join("、", emergency.Villages))}";
    }

    public async Task<string?> EndEmergency(string by)
    {
        if (S.EmergencyLit is null) return null;
        S.EmergencyLit = null;
        await state.WriteStateAsync();
        // The lamps the emergency lit ran no program since (a group command is a manual one): each is sent its own.
        var restored = await Apply();
        return $"恢复控制方案: {restored.Sent} 盏重发, {restored.Unchanged} 盏未变, {restored.Unscheduled} 盏无方案";
    }

    /// <summary>The township returned to normal but the call ending the lighting was lost (a crash between the two): end it now.</summary>
    private async Task EndEmergencyIfOver()
    {
        if (S.EmergencyLit is null) return;
        if ((await GrainFactory.GetGrain<ITownshipGrain>(Township).GetMode()).Mode == TownshipMode.Normal) await EndEmergency(Sender);
    }
}
