using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;

namespace DataTasks.Core.Remotes.S3;

// The values of the "s3" configuration object: typed readers that reject a wrong type or an out-of-range value with
// DT0204 (ConfigInvalid).
public sealed partial record S3Settings
{
    private static DataTasksException Invalid(string message) => new(ErrorCodes.ConfigInvalid, message);

    private static string? GetString(JsonObject s3, string name)
    {
        if (!s3.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var s = v.GetValue<string>().Trim();
            return s.Length == 0 ? null : s;
        }

        throw Invalid($"\"s3.{name}\" must be a string");
    }

    private static bool? GetBool(JsonObject s3, string name)
    {
        if (!s3.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"\"s3.{name}\" must be true or false"),
        };
    }

    private static double? GetNumber(JsonObject s3, string name)
    {
        if (!s3.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d))
        {
            return d;
        }

        throw Invalid($"\"s3.{name}\" must be a number");
    }

    private static int? GetInt(JsonObject s3, string name, int min, int max)
    {
        var d = GetNumber(s3, name);
        if (d is null)
        {
            return null;
        }

        if (d != Math.Floor(d.Value) || d < min || d > max)
        {
            throw Invalid($"\"s3.{name}\" is {d.Value.ToString(CultureInfo.InvariantCulture)}; use a whole number from {min} to {max}");
        }

        return (int)d.Value;
    }

    /// <summary>A size in MiB (fractions allowed, so tests can use small parts); at most 5 GiB, S3's part and PUT limit.</summary>
    private static long? GetSize(JsonObject s3, string name)
    {
        var d = GetNumber(s3, name);
        if (d is null)
        {
            return null;
        }

        if (d <= 0 || d > 5 * 1024)
        {
            throw Invalid($"\"s3.{name}\" is {d.Value.ToString(CultureInfo.InvariantCulture)}; use a number of MiB above 0 and at most 5120");
        }

        return Math.Max(1, (long)(d.Value * MiB));
    }

    private static RequestChecksumCalculation ParseRequestChecksum(string value, string source) => value.ToLowerInvariant() switch
    {
        "when_supported" => RequestChecksumCalculation.WHEN_SUPPORTED,
        "when_required" => RequestChecksumCalculation.WHEN_REQUIRED,
        _ => throw Invalid($"{source} is '{value}'; use when_supported or when_required"),
    };

    private static ResponseChecksumValidation ParseResponseValidation(string value, string source) => value.ToLowerInvariant() switch
    {
        "when_supported" => ResponseChecksumValidation.WHEN_SUPPORTED,
        "when_required" => ResponseChecksumValidation.WHEN_REQUIRED,
        _ => throw Invalid($"{source} is '{value}'; use when_supported or when_required"),
    };
}
