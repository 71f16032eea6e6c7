using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;

namespace GridDispatch.Tests.Dashboard.Map;

/// <summary>Basemap files made by the test itself: PNG tiles and an MBTiles file in the real schema.</summary>
public static class TestTiles
{
    /// <summary>A 4×4 PNG of one colour: a real image (signature, IHDR, zlib IDAT, IEND, each with its CRC).</summary>
    public static byte[] Png(byte red, byte green, byte blue)
    {
        const int side = 4;
        var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
            for (var row = 0; row < side; row++)
            {
                zlib.WriteByte(0); // filter: none
                for (var column = 0; column < side; column++) zlib.Write([red, green, blue]);
            }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bits per channel
        header[9] = 2; // truecolour RGB
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// An MBTiles 1.3 file: <c>metadata(name, value)</c> and <c>tiles(zoom_level, tile_column, tile_row, tile_data)</c>, the tiles
    /// given by their XYZ address and stored, as MBTiles does, under the TMS row (counted from the bottom).
    /// </summary>
    public static void WriteMbTiles(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<(int Z, int X, int Y), byte[]> tiles)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Run(connection, "CREATE TABLE metadata (name TEXT, value TEXT)");
        Run(connection, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
        Run(connection, "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
        foreach (var (name, value) in metadata) Run(connection, "INSERT INTO metadata VALUES ($a, $b)", name, value);
        foreach (var ((z, x, y), data) in tiles) Run(connection, "INSERT INTO tiles VALUES ($a, $b, $c, $d)", z, x, (1 << z) - 1 - y, data);
    }

    private static void Run(SqliteConnection connection, string sql, params object[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("$" + (char)('a' + i), values[i]);
        command.ExecuteNonQuery();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected 0xEDB88320), bit by bit: a few bytes per tile, no table needed.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
