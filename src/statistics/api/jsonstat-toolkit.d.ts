/** The little of jsonstat-toolkit (a devDependency, untyped) that the tests use. */
declare module 'jsonstat-toolkit' {
  interface JsonStatDatum {
    value: number | string | null;
    status: string | null;
  }
  interface JsonStatDimensionView {
    id: string[];
    label: string;
    length: number;
    Category(id: string): { label: string } | null;
  }
  interface JsonStatView {
    class: string;
    length: number;
    id: string[];
    n: number;
    value: (number | null)[];
    status: (string | null)[] | null;
    Dimension(id: string): JsonStatDimensionView | null;
    Data(query: Record<string, string>): JsonStatDatum | null;
    Dataset(i: number): JsonStatView;
  }
  export default function JSONstat(input: object): JsonStatView;
}
