#!/usr/bin/env node
// Validates CycloneDX 1.6 JSON BOMs against the official JSON schema that the npm package
// @cyclonedx/cyclonedx-library ships in res/schema/, with ajv (draft-07) and ajv-formats.
//
// usage: node tests/validate_cyclonedx.js NODE_MODULES_DIR BOM.json...
//
// Prints "ok FILE" or "invalid FILE" followed by the ajv errors (one JSON object per line), and
// exits 0 when every file is valid, 1 when one is not, 2 when the tools are missing (the C++ test
// skips then). Nothing is fetched from the network: the referenced schemas are loaded from disk.
'use strict';

const fs = require('fs');
const path = require('path');

function main(argv) {
  if (argv.length < 2) {
    process.stderr.write('usage: validate_cyclonedx.js NODE_MODULES_DIR BOM.json...\n');
    return 2;
  }
  const modules = path.resolve(argv[0]);
  const need = (name) => {
    try {
      return require(path.join(modules, name));
    } catch (e) {
      process.stderr.write(`missing npm package ${name} under ${modules}: ${e.message.split('\n')[0]}\n`);
      return null;
    }
  };
  const ajvModule = need('ajv');
  const formatsModule = need('ajv-formats');
  const schemaDir = path.join(modules, '@cyclonedx', 'cyclonedx-library', 'res', 'schema');
  if (!ajvModule || !formatsModule || !fs.existsSync(schemaDir)) {
    if (!fs.existsSync(schemaDir)) process.stderr.write(`missing ${schemaDir}\n`);
    return 2;
  }
  const Ajv = ajvModule.default || ajvModule;
  const addFormats = formatsModule.default || formatsModule;
  const load = (file) => JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));

  // bom-1.6.SNAPSHOT.schema.json refers to its neighbours by their SNAPSHOT file names, resolved
  // against its own $id; register them under exactly those URLs.
  const base = 'http://cyclonedx.org/schema/';
  const schemas = {};
  for (const file of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json',
                      'cryptography-defs.SNAPSHOT.schema.json']) {
    if (fs.existsSync(path.join(schemaDir, file))) schemas[base + file] = load(file);
  }
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    addUsedSchema: false,
    schemas,
    loadSchema: (uri) => { throw new Error(`remote schema refused: ${uri}`); },
  });
  addFormats(ajv);
  // The two formats the schema uses that ajv-formats does not define. Checked loosely, as the
  // library's own validator does: an e-mail address with one '@' and no spaces, and an IRI
  // reference without whitespace or the characters RFC 3987 excludes.
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  ajv.addFormat('iri-reference', /^[^\s<>"{}|\\^`]*$/u);
  const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));

  let status = 0;
  for (const file of argv.slice(1)) {
    let bom;
    try {
      bom = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      process.stdout.write(`invalid ${file}\n${JSON.stringify({parse: e.message})}\n`);
      status = 1;
      continue;
    }
    if (validate(bom)) {
      process.stdout.write(`ok ${file}\n`);
    } else {
      process.stdout.write(`invalid ${file}\n`);
      for (const err of validate.errors) process.stdout.write(JSON.stringify(err) + '\n');
      status = 1;
    }
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
