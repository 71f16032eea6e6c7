namespace GridDispatch.Grains.Accounts;

/// <summary>What a signed-in person may see and do, widest first.</summary>
[GenerateSerializer]
public enum AccountRole
{
    /// <summary>县指挥中心: every township of the county.</summary>
    County,
    /// <summary>乡镇: one township.</summary>
    Township,
    /// <summary>村/社区: one village and the cells under it.</summary>
    Village,
    /// <summary>网格长: whistles for the cells they lead and those under them.</summary>
    Leader,
    /// <summary>护灯队, cadres, departments: their own work orders.</summary>
    Responder,
}
