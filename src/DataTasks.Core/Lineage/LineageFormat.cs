namespace DataTasks.Core.Lineage;

/// <summary>How lineage is written.</summary>
public enum LineageFormat
{
    /// <summary>An indented tree per direction.</summary>
    Text,

    /// <summary>A Graphviz digraph.</summary>
    Dot,

    /// <summary>A Mermaid flowchart.</summary>
    Mermaid,

    /// <summary>One JSON object: the nodes and edges.</summary>
    Json,
}
