using System.Text;

namespace DataTasks.Analyzers;

/// <summary>
/// How manifest path segments become C# names in the generated tree (documented in docs/runtime.md):
/// every character that cannot appear in an identifier becomes '_', a leading digit gets a 'V' prefix (versions:
/// 1.4.1 → V1_4_1), and the first letter is upper-cased (model.pt → Model_pt). A name equal to its enclosing class gets
/// a trailing '_'; names that still collide get _2, _3, ... in ordinal order of the original segments.
/// </summary>
internal static class TypedTreeNaming
{
    public static string Identifier(string segment)
    {
        var sb = new StringBuilder(segment.Length + 1);
        foreach (var c in segment)
        {
            sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, 'V');
        }

        sb[0] = char.ToUpperInvariant(sb[0]);
        return sb.ToString();
    }
}
