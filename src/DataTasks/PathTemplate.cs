using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using DataTasks.Core;

namespace DataTasks;

/// <summary>
/// Expands <c>data/{model}/{version}/model.pt</c>: every <c>{name}</c> takes a value that must be one non-empty path
/// segment, so a value can never climb out of the folder the template names. The grammar is
/// <see cref="PathTemplateSyntax"/>'s, shared with the analyzer and <c>dotnet data check</c>.
/// </summary>
internal static class PathTemplate
{
    public static string Expand(string template, IReadOnlyDictionary<string, object?> values)
    {
        var parts = PathTemplateSyntax.Parse(template, out var problem) ?? throw Invalid(template, problem!);
        var result = new StringBuilder(template.Length + 32);
        foreach (var part in parts)
        {
            if (!part.IsPlaceholder)
            {
                result.Append(part.Value);
                continue;
            }

            var name = part.Value;
            if (!values.TryGetValue(name, out var raw) || raw is null)
            {
                throw Invalid(template, $"has no value for {{{name}}}");
            }

            var value = Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty;
            if (value.Length == 0 || value is "." or ".." || value.IndexOfAny(['/', '\\']) >= 0)
            {
                throw Invalid(template, $"got '{value}' for {{{name}}}, which is not a single path segment");
            }

            result.Append(value);
        }

        return result.ToString();
    }

    /// <summary>The public properties of an object (an anonymous type, typically) as placeholder values.</summary>
    public static IReadOnlyDictionary<string, object?> ValuesOf<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T values)
    {
        if (values is IReadOnlyDictionary<string, object?> dictionary)
        {
            return dictionary;
        }

        if (values is IReadOnlyDictionary<string, string> strings)
        {
            return strings.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        }

        return typeof(T).GetProperties().Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, p => p.GetValue(values), StringComparer.Ordinal);
    }

    private static ArgumentException Invalid(string template, string problem) =>
        new($"{ErrorCodes.TemplateInvalid}: path template '{template}' {problem}", nameof(template));
}
