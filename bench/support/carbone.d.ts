// carbone 3 ships no types; the one call the peers' bench makes.
declare module "carbone" {
  function render(
    templatePath: string,
    data: object,
    options: object,
    callback: (error: Error | null, result: Buffer) => void,
  ): void;
  const carbone: { render: typeof render };
  export default carbone;
}
