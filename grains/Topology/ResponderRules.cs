namespace GridDispatch.Grains.Topology;

/// <summary>Rules for responders (护灯队, 下沉干部, duty officers). Runs after the grid and departments.</summary>
internal static class ResponderRules
{
    public const int MinCapacity = 1;
    public const int MaxCapacity = 100;

    public static void Check(ValidationContext ctx, TownshipTopology township, IReadOnlyDictionary<string, string> departments)
    {
        var responders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (responder, path) in ctx.Items("$.responders", township.Responders))
        {
            // Responder ids are MQTT topic segments too: gd/{township}/responder/{id}/assignment.
            if (ctx.CheckId($"{path}.id", responder.Id))
                ctx.CheckUnique(responders, $"{path}.id", responder.Id, "responder");
            ctx.CheckName($"{path}.name", responder.Name);
            if (!Enum.IsDefined(responder.Kind)) ctx.Add($"{path}.kind", $"{(int)responder.Kind} is not a responder kind");
            ctx.CheckSkills($"{path}.skills", responder.Skills);
            CheckHomeAreas(ctx, $"{path}.homeAreas", responder.HomeAreas);
            ctx.CheckPhone($"{path}.phone", responder.Phone);
            if (responder.Department is { } department && !departments.ContainsKey(department))
                ctx.Add($"{path}.department", $"department '{department}' is not declared in $.departments");
            if (responder.Capacity is < MinCapacity or > MaxCapacity)
                ctx.Add($"{path}.capacity", $"{responder.Capacity} is outside [{MinCapacity}, {MaxCapacity}]");
            ctx.CheckGeo($"{path}.base", responder.Base);
            ctx.CheckNotify($"{path}.notify", responder.Notify);
        }
    }

    private static void CheckHomeAreas(ValidationContext ctx, string path, IReadOnlyList<string>? areas)
    {
        if (areas is null) { ctx.Add(path, "must not be null"); return; }
        for (var i = 0; i < areas.Count; i++)
            if (areas[i] is null || !ctx.Cells.ContainsKey(areas[i]))
                ctx.Add($"{path}[{i}]", $"cell '{areas[i]}' is not a village, group or neighbourhood of this township");
    }
}
