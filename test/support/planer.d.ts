// planer ships no types: the one call the quote comparison makes.
declare module "planer" {
  const planer: {
    extractFrom(text: string, contentType: "text/plain" | "text/html", document?: unknown): string;
  };
  export default planer;
}
