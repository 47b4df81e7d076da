/** Events for progress bars and logs; the library's callers receive them through `onProgress`. */
export type Phase =
  | 'discover'
  | 'labels'
  | 'epics'
  | 'stories'
  | 'tasks'
  | 'enrich'
  | 'relations'
  | 'cleanup'
  | 'project'
  | 'rollup';

export type ProgressEvent =
  | { type: 'phase-start'; phase: Phase; total: number }
  | { type: 'phase-end'; phase: Phase }
  | {
      type: 'item';
      phase: Phase;
      id: string;
      status: 'starting' | 'completed' | 'failed';
      number?: number;
      message?: string;
    };

export type ProgressListener = (event: ProgressEvent) => void;
