export { labUp, labDown, labDownAll, labList, labGet, labStateDir } from './instance.js';
export type { LabUpOptions, LabInstance, LabStatus, LabService, LabCerts } from './instance.js';
export { DEFAULT_MAIN_CF, DEFAULT_MASTER_CF } from './templates.js';
export { labSendmail, labPostconf } from './send.js';
