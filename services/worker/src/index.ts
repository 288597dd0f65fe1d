export { WorkerService } from './worker-service.ts';
