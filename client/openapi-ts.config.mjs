// The client is generated from the server's committed OpenAPI document; a test fails when the
// generated code in src/gen drifts from it (run `npm run build -w client` after `npm run openapi`).
export default {
  input: '../openapi.json',
  output: { path: 'src/gen', importFileExtension: '.js' },
  logs: { file: false },
};
