using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GridDispatch.Dashboard.Map;

/// <summary>What an MBTiles file says of itself in its <c>metadata</c> table (MBTiles 1.3), zooms filled from its tiles when absent.</summary>
public sealed record MbTilesMetadata(string Format, int MinZoom, int MaxZoom, double[]? Bounds, string? Attribution, string? Name);

/// <summary>
/// An MBTiles file (SQLite: <c>metadata(name, value)</c>, <c>tiles(zoom_level, tile_column, tile_row, tile_data)</c>, rows
/// counted TMS-style from the bottom), opened read-only through pooled connections: many screens read it at once.
/// </summary>
public sealed class MbTilesFile
{
    private readonly string _connectionString;
    private readonly Lazy<MbTilesMetadata> _metadata;

    public MbTilesFile(string path)
    {
        FilePath = path.Length == 0 ? "" : Path.GetFullPath(path); // registered whatever the basemap; read only for MbTiles
        _connectionString = ConnectionString(FilePath);
        _metadata = new Lazy<MbTilesMetadata>(ReadMetadata);
    }

    public string FilePath { get; }

    public MbTilesMetadata Metadata => _metadata.Value;

    /// <summary>Why <paramref name="path"/> is not an MBTiles file we can serve; null when it is. Checked at start.</summary>
    public static string? Problem(string path)
    {
        try
        {
            var metadata = new MbTilesFile(path).Metadata;
            return TileFormat.ContentType(metadata.Format) is null ? $"'{path}' holds tiles in format '{metadata.Format}', not png, jpg, webp or pbf" : null;
        }
        catch (SqliteException error)
        {
            return $"'{path}' is not an MBTiles file (SQLite with tables metadata and tiles): {error.Message}";
        }
    }

    /// <summary>The tile's bytes as stored; null when the file has no such tile (the sea, beyond its area, deeper than its zooms).</summary>
    public async Task<byte[]?> ReadAsync(TileAddress tile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tile_data FROM tiles WHERE zoom_level = $z AND tile_column = $x AND tile_row = $row";
        command.Parameters.AddWithValue("$z", tile.Z);
        command.Parameters.AddWithValue("$x", tile.X);
        command.Parameters.AddWithValue("$row", tile.TmsRow);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private MbTilesMetadata ReadMetadata()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, value FROM metadata";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1)) values[reader.GetString(0)] = reader.GetString(1);
        }

        int? Zoom(string name) => values.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var z) ? z : null;
        var (minZoom, maxZoom) = (Zoom("minzoom"), Zoom("maxzoom"));
        if (minZoom is null || maxZoom is null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles";
            using var reader = command.ExecuteReader();
            reader.Read();
            minZoom ??= reader.IsDBNull(0) ? 0 : reader.GetInt32(0);
            maxZoom ??= reader.IsDBNull(1) ? 0 : reader.GetInt32(1);
        }
        else
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM tiles LIMIT 1"; // the tiles table (or view) must exist too
            command.ExecuteScalar();
        }

        // MBTiles 1.3: "format" is required; older files of raster tiles often left it out and meant png.
        return new MbTilesMetadata(values.GetValueOrDefault("format") ?? "png", minZoom.Value, maxZoom.Value,
            Bounds(values.GetValueOrDefault("bounds")), values.GetValueOrDefault("attribution"), values.GetValueOrDefault("name"));
    }

    /// <summary><c>"w,s,e,n"</c> in degrees; null when absent or not four numbers.</summary>
    private static double[]? Bounds(string? text)
    {
        var parts = text?.Split(',');
        if (parts is not { Length: 4 }) return null;
        var bounds = new double[4];
        for (var i = 0; i < 4; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out bounds[i])) return null;
        return bounds;
    }

    private static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true,
    }.ToString();
}
