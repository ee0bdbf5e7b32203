// Validates SARIF logs against the SARIF 2.1.0 JSON schema that the npm package
// @microsoft/jest-sarif ships, with the ajv 6 it depends on (scripts/setup.sh installs both into
// third_party/npm/sarif). Used by the tests of `openness check --format sarif`.
//
//   node tests/sarif_validate.js <node_modules folder> log.sarif...
//
// Exit status: 0 every log is valid, 1 a log is invalid (the errors on stderr), 3 the validator
// or the schema is not installed.
'use strict';
const fs = require('fs');
const path = require('path');

const modules = path.resolve(process.argv[2] || '.');
let Ajv, draft4, schema;
try {
  Ajv = require(path.join(modules, 'ajv'));
  draft4 = require(path.join(modules, 'ajv', 'lib', 'refs', 'json-schema-draft-04.json'));
  schema = require(path.join(modules, '@microsoft', 'jest-sarif', 'lib', 'schemas',
                             'sarif-2.1.0-rtm.5.json'));
} catch (e) {
  console.error('sarif_validate: validator unavailable: ' + e.message);
  process.exit(3);
}

// The schema is written in draft-04 (`id`, not `$id`).
const ajv = new Ajv({schemaId: 'auto', allErrors: true, validateSchema: false});
ajv.addMetaSchema(draft4);
const validate = ajv.compile(schema);

let ok = true;
for (const file of process.argv.slice(3)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(log)) {
    ok = false;
    console.error(file + ':\n' + ajv.errorsText(validate.errors, {separator: '\n'}));
  }
}
process.exit(ok ? 0 : 1);
