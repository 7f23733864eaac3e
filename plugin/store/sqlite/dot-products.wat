;; Dot products of one query against every row of a row-major f32 matrix,
;; 8 lanes per step with two f32x4 accumulators. Compiled into
;; dot-product-kernel.ts (test/store/dot-product-kernel.test.ts checks the
;; embedded bytes match this file).
;;
;; scores(matrix, query, dims, rows, out): all arguments are byte offsets into
;; the imported memory except `dims` (a multiple of 8, > 0) and `rows`.
(module
  (import "env" "memory" (memory 1))
  (func (export "scores")
    (param $row i32) (param $query i32) (param $dims i32) (param $rows i32) (param $out i32)
    (local $offset i32) (local $low v128) (local $high v128) (local $stride i32)
    (local.set $stride (i32.shl (local.get $dims) (i32.const 2)))
    (block $done
      (loop $each_row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $low (v128.const f32x4 0 0 0 0))
        (local.set $high (v128.const f32x4 0 0 0 0))
        (local.set $offset (i32.const 0))
        (loop $each_lane_group
          (local.set $low
            (f32x4.add (local.get $low)
              (f32x4.mul
                (v128.load (i32.add (local.get $row) (local.get $offset)))
                (v128.load (i32.add (local.get $query) (local.get $offset))))))
          (local.set $high
            (f32x4.add (local.get $high)
              (f32x4.mul
                (v128.load offset=16 (i32.add (local.get $row) (local.get $offset)))
                (v128.load offset=16 (i32.add (local.get $query) (local.get $offset))))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 32)))
          (br_if $each_lane_group (i32.lt_u (local.get $offset) (local.get $stride))))
        (local.set $low (f32x4.add (local.get $low) (local.get $high)))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $low)) (f32x4.extract_lane 1 (local.get $low)))
            (f32.add (f32x4.extract_lane 2 (local.get $low)) (f32x4.extract_lane 3 (local.get $low)))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $each_row)))))
