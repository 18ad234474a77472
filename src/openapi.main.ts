import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { generateOpenApiDocument, serialize } from './openapi.document.js';

// `npm run openapi`: rewrites the committed openapi.json from the code.
writeFileSync('openapi.json', serialize(await generateOpenApiDocument()));
console.log('wrote openapi.json');
