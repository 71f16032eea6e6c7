namespace GridDispatch.Grains.Topology;

/// <summary>Rules for departments (职能部门). Returns their ids for the responders that belong to them.</summary>
internal static class DepartmentRules
{
    public static IReadOnlyDictionary<string, string> Check(ValidationContext ctx, TownshipTopology township)
    {
        var departments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (department, path) in ctx.Items("$.departments", township.Departments))
        {
            if (ctx.CheckId($"{path}.id", department.Id))
                ctx.CheckUnique(departments, $"{path}.id", department.Id, "department");
            ctx.CheckName($"{path}.name", department.Name);
            ctx.CheckSkills($"{path}.skills", department.Skills);
            ctx.CheckNotify($"{path}.notify", department.Notify);
        }
        return departments;
    }
}
