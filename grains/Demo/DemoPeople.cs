using System.Globalization;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// Makes up people for the demo townships: common surnames, ordinary given names, made-up mobile
/// numbers, ids numbered in the order asked (<c>{township}-P0001</c>). Deterministic for a given Random.
/// </summary>
internal sealed class DemoPeople(Random rng, string township)
{
    // Most common first: picks lean to the front, as real surnames do.
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
        "何", "罗", "高", "林", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
        "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
        "沈", "姚", "卢", "钟", "谭", "陆", "汪", "范", "石", "廖", "贾", "夏", "付", "方", "邹", "熊",
    ];

    private static readonly string[] GivenNames =
    [
        "建国", "建华", "国强", "志强", "志明", "秀英", "桂英", "秀兰", "玉兰", "桂兰", "德华", "永福",
        "明", "伟", "芳", "丽", "军", "勇", "杰", "娟", "磊", "超", "涛", "静", "敏", "燕", "华", "平",
        "红梅", "春花", "海燕", "晓东", "晓红", "文华", "文斌", "利民", "学军", "正华", "金凤", "玉珍",
        "成林", "德明", "世荣", "光荣", "家富", "天福", "兴旺", "永红", "素芬", "翠华", "小军", "俊杰",
        "雪梅", "丽萍", "云华", "继红", "朝阳", "开明", "长发", "有才", "绍兵", "应祥", "绍华", "天明",
    ];

    private static readonly string[] MobilePrefixes =
        ["138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "182", "187", "188", "133", "153", "180", "189", "177"];

    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int issued;

    public Person Next()
    {
        issued++;
        return new Person { Id = $"{township}-P{issued:D4}", Name = Name(), Phone = Phone() };
    }

    /// <summary>A name not yet given in this township, when a few tries find one: two 赵雪梅 on one screen confuse a demo.</summary>
    public string Name()
    {
        var name = Draw();
        for (var tries = 0; tries < 20 && !names.Add(name); tries++) name = Draw();
        return name;
    }

    private string Draw() => Surnames[Skewed(Surnames.Length)] + GivenNames[rng.Next(GivenNames.Length)];

    public string Phone() =>
        MobilePrefixes[rng.Next(MobilePrefixes.Length)] + rng.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    private int Skewed(int length) => (int)(length * Math.Pow(rng.NextDouble(), 1.8));
}
