import { Select } from 'antd';
import type { SelectProps } from 'antd';

export interface SearchSelectProps extends Omit<SelectProps<number>, 'options' | 'loading' | 'onSearch' | 'showSearch'> {
  /** Label of the current value when it is not among the search results. */
  currentLabel?: string | null;
}

/**
 * A select of records found by a server search (customers, people, users): the caller runs the
 * query for the typed text (`onSearch`) and passes its options; the current value keeps its
 * label (`currentLabel`) when the results do not hold it.
 */
export function SearchSelect({
  options: found,
  loading,
  onSearch,
  currentLabel,
  value,
  ...rest
}: SearchSelectProps & { options: { value: number; label: string }[]; loading: boolean; onSearch: (text: string) => void }) {
  const options = [...found];
  if (value !== undefined && value !== null && currentLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: currentLabel });
  }
  return (
    <Select<number> allowClear {...rest} value={value} showSearch={{ filterOption: false, onSearch }} loading={loading} options={options} />
  );
}
