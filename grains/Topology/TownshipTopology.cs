using System.Text.Json.Serialization;

namespace GridDispatch.Grains.Topology;

/// <summary>
/// One township's grid (网格) as an operator describes it in a topology file: villages (片) →
/// groups (组) → neighbourhood cells (邻), its streetlights, its responders (护灯队, 包保干部) and the
/// departments (职能部门) that report when whistled. The file format is documented in docs/TOPOLOGY.md.
/// </summary>
public sealed record TownshipTopology
{
    /// <summary>Township id as used in MQTT topics (<c>gd/{township}/…</c>): lower-case letters, digits, '-'.</summary>
    public required string Id { get; init; }

    /// <summary>Display name, e.g. 益门镇.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Id of the county (县/市) this township belongs to, e.g. <c>huili</c>: it keys the county cell and is a
    /// scope the command centre can watch, so it follows the township id pattern. Townships naming the same county share it.
    /// </summary>
    public string? County { get; init; }

    /// <summary>The county's display name, e.g. 会理市.</summary>
    public string? CountyName { get; init; }

    /// <summary>Centre of the township, for the schematic map.</summary>
    public GeoPoint? Centre { get; init; }

    public IReadOnlyList<Village> Villages { get; init; } = [];
    public IReadOnlyList<Lamp> Lamps { get; init; } = [];
    public IReadOnlyList<Responder> Responders { get; init; } = [];
    public IReadOnlyList<Department> Departments { get; init; } = [];
}

/// <summary>A point in decimal degrees; also kept on the township (its centre), hence serializable.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Topology.GeoPoint")]
public sealed record GeoPoint([property: Id(0)] double Lat, [property: Id(1)] double Lon);

/// <summary>A person with a role in the grid: a leader (网格长/片长/组长/邻长), a member, a cadre.</summary>
public sealed record Person
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Phone { get; init; }
    /// <summary>Where they hear of work outside the app (docs/TOPOLOGY.md); none: only on the handheld.</summary>
    public IReadOnlyList<NotifyTarget>? Notify { get; init; }
}

/// <summary>村/社区 (片).</summary>
public sealed record Village
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public Person? Leader { get; init; }
    public GeoPoint? Position { get; init; }

    /// <summary>Its outline on the map: a ring of <c>[lon, lat]</c> points, closed or not (see <see cref="CellBoundary"/>).</summary>
    public IReadOnlyList<double[]>? Boundary { get; init; }

    public IReadOnlyList<Group> Groups { get; init; } = [];
}

/// <summary>村民小组 (组).</summary>
public sealed record Group
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public Person? Leader { get; init; }

    /// <summary>Its outline on the map: a ring of <c>[lon, lat]</c> points, closed or not (see <see cref="CellBoundary"/>).</summary>
    public IReadOnlyList<double[]>? Boundary { get; init; }

    public IReadOnlyList<Neighbourhood> Neighbourhoods { get; init; } = [];
}

/// <summary>邻: about ten adjacent households led by a 邻长.</summary>
public sealed record Neighbourhood
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public Person? Leader { get; init; }
    public int Households { get; init; }
    public IReadOnlyList<Person> Members { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<LampKind>))]
public enum LampKind { Mains, Solar }

/// <summary>智能路灯.</summary>
public sealed record Lamp
{
    /// <summary>Lamp id as used in MQTT topics, e.g. <c>yimen-L0001</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Id of the grid cell (any level: village, group or neighbourhood) the lamp belongs to.</summary>
    public required string Cell { get; init; }

    public required GeoPoint Position { get; init; }
    public LampKind Kind { get; init; } = LampKind.Mains;
    public double RatedWatts { get; init; } = 100;

    /// <summary>Supply circuit (馈线/回路): lamps on one feeder lose power together.</summary>
    public string? Feeder { get; init; }

    /// <summary>Street or road name, for batching nearby faults into one work order.</summary>
    public string? Street { get; init; }

    /// <summary>Pole number (杆号) along its street: a lamp is named 石门路12号杆 on the screens. When absent, the lamps of a street are numbered in file order.</summary>
    public int? Pole { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ResponderKind>))]
public enum ResponderKind { Person, Team }

/// <summary>Who answers: a 护灯队 team, a 下沉干部 cadre, a department's duty officer.</summary>
public sealed record Responder
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public ResponderKind Kind { get; init; } = ResponderKind.Person;

    /// <summary>lighting, electrical, road, water, dispute, safety, environment, flood, fire, rescue, other.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>Cells this responder holds (包保): asked first for anything there.</summary>
    public IReadOnlyList<string> HomeAreas { get; init; } = [];

    public string? Phone { get; init; }

    /// <summary>Department id, for a department's responder.</summary>
    public string? Department { get; init; }

    /// <summary>Most work orders held at once.</summary>
    public int Capacity { get; init; } = 3;

    public GeoPoint? Base { get; init; }

    /// <summary>Where the person, or the whole team (a group robot), hears of work outside the app.</summary>
    public IReadOnlyList<NotifyTarget>? Notify { get; init; }
}

/// <summary>职能部门: 住建, 水务, 电力, 公安, 应急 …</summary>
public sealed record Department
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public IReadOnlyList<NotifyTarget>? Notify { get; init; }
}
