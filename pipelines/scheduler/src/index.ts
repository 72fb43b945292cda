export { durationSeconds, type JobSummary, type JobSummaryState, jobFileError, jobSummary } from './job-summary.js';
export { acquireJobLock, type JobLock, JobRunningError, type LockOptions, lockOwner, type RunContext, type RunJob } from './lock.js';
export { type RunUnderLockOptions, runJobUnderLock, type StartedRun } from './run-job.js';
export {
  type Clock,
  type JobState,
  nextStart,
  Scheduler,
  type SchedulerOptions,
  SchedulerStoppingError,
  systemClock,
} from './scheduler.js';
