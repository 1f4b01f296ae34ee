using DataTasks.Core.Manifest;

namespace DataTasks.Core.Lineage;

/// <summary>"<paramref name="Product"/> was made from <paramref name="Input"/>": one input of one entry.</summary>
/// <param name="Input">The input.</param>
/// <param name="Product">The entry listing it.</param>
/// <param name="Cycle">True when the edge lies on a cycle of the graph (the input was, in turn, made from the product).</param>
public sealed record LineageEdge(EntryInputReference Input, EntryInputReference Product, bool Cycle);
