import { z } from 'zod';
import { specSchema } from '../lib/spec/schema';
console.log(JSON.stringify(z.toJSONSchema(specSchema, { target: 'draft-2020-12', io: 'input' }), null, 1).slice(0, 1500));
