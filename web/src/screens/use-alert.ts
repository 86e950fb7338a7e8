import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import type { AlertDetail } from '../types';

/** The staff record of one alert, with a reload for after a command. */
export function useAlert(id: string | undefined): {
  alert?: AlertDetail;
  error?: string;
  reload: () => void;
} {
  const [alert, setAlert] = useState<AlertDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(() => {
    if (!id) return;
    api<AlertDetail>('GET', `/v1/alerts/${id}`).then(setAlert, (e: Error) => setError(e.message));
  }, [id]);
  useEffect(reload, [reload]);
  return { alert, error, reload };
}
